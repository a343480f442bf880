import { parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import type { ReconcileProgress } from '../../contract/admin';
import {
  DEFAULT_SETTINGS,
  formatOkrFileIssue,
  parseOkrFile,
  SettingsSchema,
  toOkrDocument,
  withCheckIns,
  type Okrs,
  type Settings,
} from '../../core/index';
import { InvalidInputError, StorageCorruptError } from '../api/errors';
import { loadCheckIns } from './check-in-store';
import type { KeyValueStore } from './key-value-store';

/** Storage keys. The OKR file is kept as YAML text: the same text `keyrank plan` reads. */
export const STORE_KEYS = {
  okrs: 'okrs',
  settings: 'settings',
  progress: 'reconcile-progress',
} as const;

const StoredOkrsSchema = z.object({ yaml: z.string(), updatedAt: z.string() });

export const ReconcileProgressSchema = z.object({
  jobId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  projectsTotal: z.number().int().min(0),
  projectsDone: z.number().int().min(0),
  issuesRead: z.number().int().min(0),
  writes: z.number().int().min(0),
  failures: z.array(z.string()),
});

/** What every service reads first. `okrs` is null when none are stored or they are corrupt. */
export interface Workspace {
  okrs: Okrs | null;
  /** The OKRs as the stored file has them: its own check-ins, none of those made in Jira. */
  fileOkrs: Okrs | null;
  okrFile: string;
  settings: Settings;
  /** Problems with stored values, one sentence each, for the admin page. */
  problems: string[];
}

/** What a page says when the stored OKR file cannot be used: who can fix it, and where. */
export function noUsableOkrFile(problems: string[]): StorageCorruptError {
  return new StorageCorruptError(
    'Keyrank has no usable OKR file — an admin can import one on the Keyrank OKRs page',
    problems,
  );
}

/** The stored settings, or the defaults with a sentence saying why when they no longer parse. */
export async function loadSettings(
  store: KeyValueStore,
): Promise<{ settings: Settings; problem: string | null }> {
  const raw = await store.get(STORE_KEYS.settings);
  if (raw === undefined) {
    return { settings: DEFAULT_SETTINGS, problem: null };
  }
  const parsed = SettingsSchema.safeParse(raw);
  return parsed.success
    ? { settings: parsed.data, problem: null }
    : {
        settings: DEFAULT_SETTINGS,
        problem: `stored settings are invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}) — defaults are used until you save settings again`,
      };
}

export async function loadWorkspace(store: KeyValueStore): Promise<Workspace> {
  const loaded = await loadSettings(store);
  const settings = loaded.settings;
  const problems: string[] = loaded.problem === null ? [] : [loaded.problem];

  const okrsRaw = await store.get(STORE_KEYS.okrs);
  if (okrsRaw === undefined) {
    return { okrs: null, fileOkrs: null, okrFile: '', settings, problems };
  }
  const stored = StoredOkrsSchema.safeParse(okrsRaw);
  if (!stored.success) {
    problems.push('the stored OKR file is unreadable — import it again');
    return { okrs: null, fileOkrs: null, okrFile: '', settings, problems };
  }
  const parsed = parseOkrFile(stored.data.yaml);
  if (!parsed.ok) {
    problems.push(
      ...parsed.errors.map((e) => `stored OKR file: ${formatOkrFileIssue('okrs.yml', e)}`),
    );
    return { okrs: null, fileOkrs: null, okrFile: stored.data.yaml, settings, problems };
  }
  // The file's own check-ins and those made in Jira, together: the KRs' values as of any day.
  const krIds = parsed.okrs.objectives.flatMap((o) => o.keyResults.map((kr) => kr.id));
  const checkIns = await loadCheckIns(store, krIds);
  problems.push(...checkIns.problems);
  return {
    okrs: withCheckIns(parsed.okrs, checkIns.byKr),
    fileOkrs: parsed.okrs,
    okrFile: stored.data.yaml,
    settings,
    problems,
  };
}

/** Validates and stores an OKR file; its `settings:` section, when present, replaces the settings. */
export async function importOkrFile(
  store: KeyValueStore,
  yaml: string,
  now: Date,
): Promise<{ warnings: string[] }> {
  const parsed = parseOkrFile(yaml);
  if (!parsed.ok) {
    throw new InvalidInputError(
      'the OKR file has problems — nothing was imported',
      parsed.errors.map((e) => formatOkrFileIssue('okrs.yml', e)),
    );
  }
  await store.set(STORE_KEYS.okrs, { yaml, updatedAt: now.toISOString() });
  if (parseDocument(yaml).has('settings')) {
    await store.set(STORE_KEYS.settings, parsed.settings);
  }
  return { warnings: parsed.warnings.map((w) => formatOkrFileIssue('okrs.yml', w)) };
}

/**
 * Stores OKRs given as the model (the admin form's, once validated) as the OKR file's text,
 * check-ins included, settings left out (they are stored apart). Goes through the import, so
 * what is stored is always a file `loadWorkspace` reads back.
 */
export async function saveOkrs(store: KeyValueStore, okrs: Okrs, now: Date): Promise<void> {
  await importOkrFile(store, stringify(toOkrDocument(okrs, { checkIns: true })), now);
}

export async function saveSettings(store: KeyValueStore, input: unknown): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError(
      'these settings cannot be saved',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  await store.set(STORE_KEYS.settings, parsed.data);
  return parsed.data;
}

/** The OKR file with the current settings written into it, for export. */
export function exportOkrFile(workspace: Workspace): string {
  if (workspace.okrFile === '') {
    return '';
  }
  const doc = parseDocument(workspace.okrFile);
  doc.set('settings', doc.createNode(workspace.settings));
  return doc.toString();
}

export async function loadProgress(
  store: KeyValueStore,
): Promise<{ progress: ReconcileProgress | null; problem: string | null }> {
  const raw = await store.get(STORE_KEYS.progress);
  if (raw === undefined) {
    return { progress: null, problem: null };
  }
  const parsed = ReconcileProgressSchema.safeParse(raw);
  return parsed.success
    ? { progress: parsed.data, problem: null }
    : {
        progress: null,
        problem: 'the stored reconcile progress is unreadable — start a new reconcile',
      };
}

export async function saveProgress(
  store: KeyValueStore,
  progress: ReconcileProgress,
): Promise<void> {
  await store.set(STORE_KEYS.progress, ReconcileProgressSchema.parse(progress));
}
