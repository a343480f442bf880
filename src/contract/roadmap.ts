/**
 * The OKR roadmap page's contract (static/roadmap, a Custom UI page, with its Forge functions
 * in src/jira/pages/roadmap): its data and its payload schemas.
 */
import { z } from 'zod';
import { CheckInPayloadSchema, type KrLiveView } from './key-results';
import type { IssueVerdict, KrSuggestionView } from './panel';

/** An open issue as the roadmap lists it: under its KRs, and in the Icebox. */
export interface RoadmapIssue extends IssueVerdict {
  key: string;
  title: string;
  status: 'backlog' | 'todo' | 'in_progress' | 'done';
  /** The tracker's own status name ("In Review"); the category is `status`. */
  statusName: string | null;
  /** Display name of the assignee; null when unassigned. */
  assignee: string | null;
}

/** A key result with where it stands (current, progress, expected, health, stale, check-ins). */
export interface RoadmapKeyResult extends Omit<KrLiveView, 'krId'> {
  id: string;
  title: string;
  baseline: number;
  target: number;
  unit: string | null;
  /** The first day of the objective's period: where the KR's burn-up starts. */
  periodStart: string;
  deadline: string;
  /** Progress trails the expected point by at least half a percent. */
  behindPlan: boolean;
  /** Open issues linked to this KR, highest score first, unscored last. */
  issues: RoadmapIssue[];
}

export interface RoadmapObjective {
  id: string;
  title: string;
  period: string;
  weight: number;
  owner: string | null;
  keyResults: RoadmapKeyResult[];
}

export interface CoverageFlag {
  kind: 'kr-without-work' | 'objective-without-progress';
  /** The KR or objective id. */
  id: string;
  message: string;
}

/** An issue in the Icebox; `iceboxReason` says why, `suggestions` what could take it out. */
export interface IceboxEntry extends RoadmapIssue {
  /** Best first, at most 3; [] when no active key result is relevant enough. */
  suggestions: KrSuggestionView[];
}

export interface KrOption {
  id: string;
  title: string;
  objectiveId: string;
}

export interface CapacityWarningView {
  direction: 'below' | 'above';
  message: string;
  /** Backlog issues that would fix it if pulled into the sprint. */
  add: string[];
  /** Sprint issues that would fix it if taken out. */
  remove: string[];
}

export interface SprintCapacityView {
  sprint: string;
  /** Which sprint this is for the team: the running one or the next planned one. */
  state: 'active' | 'next';
  /** Shares of the sprint's effort, in percent. */
  okr: number;
  bau: number;
  unaligned: number;
  totalEffort: number;
  band: { okrMin: number; okrMax: number };
  warnings: CapacityWarningView[];
}

export type RoadmapScope = { kind: 'project'; projectKey: string } | { kind: 'global' };

export interface RoadmapData {
  scope: RoadmapScope;
  /** The projects read: one on a project page, every browsable one on the global page. */
  projectKeys: string[];
  asOf: string;
  objectives: RoadmapObjective[];
  coverage: CoverageFlag[];
  icebox: IceboxEntry[];
  /** Active key results an Icebox entry can be linked to. */
  krOptions: KrOption[];
  sprints: SprintCapacityView[];
  /** Whether the caller may check in KR values (admins and `checkInGroups`, PRODUCT.md §6). */
  canCheckIn: boolean;
  /**
   * The workspace's teams, for the Linear page's team picker (`scope.projectKey` is the team
   * shown); absent in Jira, where the project comes from the page.
   */
  teams?: { key: string; name: string }[];
}

export const RankAnchorSchema = z.union([
  z.object({ before: z.string().min(1) }).strict(),
  z.object({ after: z.string().min(1) }).strict(),
]);
export type RankAnchor = z.infer<typeof RankAnchorSchema>;

export const RankBatchSchema = z.object({
  issues: z.array(z.string().min(1)).min(1, 'names no issue — preview again'),
  anchor: RankAnchorSchema,
});
export type RankBatchView = z.infer<typeof RankBatchSchema>;

export interface RerankMoveView {
  key: string;
  title: string;
  /** 1-based positions in the project's open backlog. */
  from: number;
  to: number;
  /** "before ENG-3" / "after ENG-5", as the core's fewest moves say it. */
  anchor: RankAnchor;
}

export interface RerankPreview {
  projectKey: string;
  /** The open backlog's current order: the apply step checks Jira still has it. */
  order: string[];
  moves: RerankMoveView[];
  /** The rank calls (≤ 50 issues each) that make the moves, applied one per `roadmap/applyRerank`. */
  batches: RankBatchView[];
}

/** The project comes from Forge's context; `projectKey` is only a fallback the page sends. */
const ProjectPayloadSchema = z.object({ projectKey: z.string().optional() });

export const ApplyRerankPayloadSchema = z.object({
  projectKey: z.string().optional(),
  /** The order the page expects Jira to have now: the preview's, then each answer's. */
  expectedOrder: z.array(z.string()),
  batch: RankBatchSchema,
});
export type ApplyRerankPayload = z.infer<typeof ApplyRerankPayloadSchema>;

export interface ApplyRerankResult {
  /** The order after this batch. */
  order: string[];
  rankRequests: number;
}

/**
 * Links one Icebox issue to one key result. Linking several at once ("select, pick a KR,
 * link") is this call once per issue, in sequence, so the page shows progress and a refusal
 * on one issue never stops the others.
 */
export const LinkIceboxPayloadSchema = z.object({
  issueKey: z.string().min(1).max(255),
  krId: z.string().min(1).max(100),
});
export type LinkIceboxPayload = z.infer<typeof LinkIceboxPayloadSchema>;

export interface LinkIceboxResult {
  issueKey: string;
  keyResults: string[];
  /** Whether the issue is still in the Icebox after the link (false on success). */
  icebox: boolean;
}

export const ROADMAP_PAYLOADS = {
  'roadmap/get': ProjectPayloadSchema,
  'roadmap/linkIcebox': LinkIceboxPayloadSchema,
  'roadmap/previewRerank': ProjectPayloadSchema,
  'roadmap/applyRerank': ApplyRerankPayloadSchema,
  'roadmap/checkIn': CheckInPayloadSchema,
} as const;

export interface RoadmapAnswers {
  'roadmap/get': RoadmapData;
  'roadmap/linkIcebox': LinkIceboxResult;
  'roadmap/previewRerank': RerankPreview;
  'roadmap/applyRerank': ApplyRerankResult;
  /** The KR as it stands after the check-in. */
  'roadmap/checkIn': KrLiveView;
}
