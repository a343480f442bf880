/** The issue panel's contract (src/jira/pages/panel): its data and its payload schemas. */
import { z } from 'zod';

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

export interface PanelData {
  issueKey: string;
  canEdit: boolean;
  /** Shown when `canEdit` is false. */
  readOnlyReason: string | null;
  choices: KrChoice[];
  linked: string[];
  rice: RiceDraft;
  verdict: IssueVerdict;
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

export const PANEL_PAYLOADS = {
  'panel/get': PanelGetPayloadSchema,
  'panel/save': PanelSavePayloadSchema,
} as const;

export interface PanelAnswers {
  'panel/get': PanelData;
  'panel/save': PanelData;
}
