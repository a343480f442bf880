/**
 * The resolver contract between the Forge functions (src/jira/entry/resolvers) and the UI
 * (src/jira/ui, and later static/). Both sides import these types, so a renamed field is a
 * compile error, not a blank panel. Resolvers never throw at the UI: every answer is a
 * `ResolverResult`.
 */

export type ResolverErrorKind =
  'forbidden' | 'invalid-input' | 'not-found' | 'storage-corrupt' | 'jira-error';

export interface ResolverError {
  kind: ResolverErrorKind;
  /** One sentence a person can act on. */
  message: string;
  /** Details, such as one line per invalid RICE value or OKR-file problem. */
  problems?: string[];
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

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
export interface RiceDraft {
  reach: string;
  impact: string;
  confidence: string;
  effort: string;
}

export interface IssueVerdict {
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

export interface PanelSavePayload {
  issueKey: string;
  keyResults: string[];
  rice: RiceDraft;
}

export interface ReconcileProgress {
  jobId: string;
  startedAt: string;
  finishedAt: string | null;
  projectsTotal: number;
  projectsDone: number;
  issuesRead: number;
  writes: number;
  failures: string[];
}

export interface AdminData {
  /** The stored OKR file, YAML, as `keyrank plan` reads it; '' when none is stored. */
  okrFile: string;
  choices: KrChoice[];
  settings: SettingsView;
  /** Stored values that failed validation; the page shows them instead of crashing. */
  storageProblems: string[];
  reconcile: ReconcileProgress | null;
}

export interface SettingsView {
  iceboxLabel: string;
  bauTypes: string[];
  bauLabels: string[];
  scheduleBoost: boolean;
  capacity: { okrMin: number; okrMax: number };
  rankAutomatically: boolean;
}

/** Every resolver key with its payload and answer. */
export interface ResolverContract {
  'panel/get': { payload: { issueKey: string }; data: PanelData };
  'panel/save': { payload: PanelSavePayload; data: PanelData };
  'admin/get': { payload: Record<string, never>; data: AdminData };
  'admin/import-okrs': { payload: { yaml: string }; data: AdminData };
  'admin/update-kr': { payload: { krId: string; current: number }; data: AdminData };
  'admin/save-settings': { payload: { settings: SettingsView }; data: AdminData };
  'admin/reconcile-now': { payload: Record<string, never>; data: ReconcileProgress };
}

export type ResolverKey = keyof ResolverContract;
export type PayloadOf<K extends ResolverKey> = ResolverContract[K]['payload'];
export type DataOf<K extends ResolverKey> = ResolverContract[K]['data'];
