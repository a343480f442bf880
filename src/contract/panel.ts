/** The issue panel's contract (src/jira/pages/panel): its data and its payload schemas. */
import { z } from 'zod';
import type { HealthView } from './key-results';

/** A key result offered in the issue panel's picker. */
export interface KrChoice {
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  period: string;
  baseline: number;
  target: number;
  current: number;
  unit: string | null;
  /** 0..1 */
  progress: number;
}

/** RICE as the panel edits it: text, so a half-typed value survives a round trip. */
export const RiceDraftSchema = z.object({
  reach: z.string(),
  impact: z.string(),
  confidence: z.string(),
  effort: z.string(),
});
export type RiceDraft = z.infer<typeof RiceDraftSchema>;

/** The core's decision about one issue, as every page shows it. */
export interface IssueVerdict {
  /** Rounded to 2 decimals; null for BAU, unlinked work, or missing/invalid RICE. */
  score: number | null;
  explanation: string;
  icebox: boolean;
  iceboxReason: string | null;
  bau: boolean;
  problems: string[];
}

/**
 * A key result the core suggests for an Icebox issue (PRODUCT.md §8): best first, at most 3,
 * none when nothing is relevant enough.
 */
export interface KrSuggestionView {
  /** The key result's id, such as O1-KR2. */
  kr: string;
  title: string;
  objectiveId: string;
  /** 0..1; 0.5 is the bar for being suggested at all. */
  score: number;
  /** What a person can check: "shares: template, gallery · like ENG-120, ENG-103". */
  reason: string;
}

/**
 * A key result this issue serves that a person should look at (PRODUCT.md §7): behind or at
 * risk against its plan, or stale (no check-in for `staleAfterDays`). On-track, fresh KRs are
 * not listed.
 */
export interface LinkedKrStanding {
  krId: string;
  health: HealthView;
  stale: boolean;
  /** "O1-KR2 is behind: 32% done, 55% expected — ana@example.com owns it" */
  message: string;
}

export interface PanelData {
  issueKey: string;
  canEdit: boolean;
  /** Shown when `canEdit` is false. */
  readOnlyReason: string | null;
  choices: KrChoice[];
  linked: string[];
  rice: RiceDraft;
  verdict: IssueVerdict;
  /** For an issue the core iceboxes (unlinked, not started, not BAU); [] otherwise. */
  suggestions: KrSuggestionView[];
  /** The issue's linked active KRs that are behind, at risk or stale, in link order. */
  linkedStanding: LinkedKrStanding[];
  impactScale: { value: number; label: string }[];
  confidenceScale: { value: number; label: string }[];
}

/** The issue comes from Forge's context; `issueKey` is only a fallback the browser sends. */
export const PanelGetPayloadSchema = z.object({ issueKey: z.string().optional() });

export const PanelSavePayloadSchema = z.object({
  issueKey: z.string().optional(),
  keyResults: z.array(z.string()),
  rice: RiceDraftSchema,
});
export type PanelSavePayload = z.infer<typeof PanelSavePayloadSchema>;

/** "Link to O1-KR2": adds one suggested (or any active) key result to the issue's links. */
export const PanelLinkSuggestionPayloadSchema = z.object({
  issueKey: z.string().optional(),
  krId: z.string().trim().min(1, 'names no key result').max(100),
});
export type PanelLinkSuggestionPayload = z.infer<typeof PanelLinkSuggestionPayloadSchema>;

export const PANEL_PAYLOADS = {
  'panel/get': PanelGetPayloadSchema,
  'panel/save': PanelSavePayloadSchema,
  'panel/linkSuggestion': PanelLinkSuggestionPayloadSchema,
} as const;

export interface PanelAnswers {
  'panel/get': PanelData;
  'panel/save': PanelData;
  'panel/linkSuggestion': PanelData;
}
