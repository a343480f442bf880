/**
 * Every resolver key with its payload schema and its answer: the one contract between the
 * Forge functions (src/jira/pages/<page>/…-handlers.ts) and the pages (UI Kit views and
 * static/roadmap). The browser is not trusted, so every payload has a zod schema, checked
 * before a resolver acts; payload types are inferred from them.
 */
import type { z } from 'zod';
import { ADMIN_PAYLOADS, type AdminAnswers } from './admin';
import { PANEL_PAYLOADS, type PanelAnswers } from './panel';
import { ROADMAP_PAYLOADS, type RoadmapAnswers } from './roadmap';

export const PAYLOAD_SCHEMAS = { ...PANEL_PAYLOADS, ...ADMIN_PAYLOADS, ...ROADMAP_PAYLOADS };

type Answers = PanelAnswers & AdminAnswers & RoadmapAnswers;

export type ResolverKey = keyof typeof PAYLOAD_SCHEMAS & keyof Answers;
export type PayloadOf<K extends ResolverKey> = z.infer<(typeof PAYLOAD_SCHEMAS)[K]>;
export type DataOf<K extends ResolverKey> = Answers[K];

/** The keys of one page, such as `PageKey<'roadmap'>` for `roadmap/get`, `roadmap/applyRerank`… */
export type PageKey<Page extends string> = Extract<ResolverKey, `${Page}/${string}`>;
