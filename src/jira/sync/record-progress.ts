import {
  automaticCheckIn,
  isActive,
  linkedDoneValue,
  measureField,
  type CheckIn,
  type Day,
  type KeyResult,
  type Okrs,
  type QuerySource,
} from '../../core/index';
import { fieldIdsOf, type FieldIds } from '../api/field-ids';
import { SEARCH_PAGE_SIZE, type JiraIssue } from '../api/jira-client';
import type { AppDeps } from '../deps';
import { toSnapshot } from '../read/issue-snapshot';
import { appendCheckIn } from '../store/check-in-store';

/**
 * The automatic progress sources read once per reconcile (PRODUCT.md §7), as the app: a `query`
 * KR's JQL counted in one request (`approximate-count`) or its `sum:<field>` added up page by
 * page, and a `linked-done` KR's linked issues (done ones too) read in one search. A value is
 * stored as a check-in only when it changed. Only KRs of running objectives are read: an ended
 * quarter's values are history, and a future one has nothing to measure yet.
 */

/** Issues a sum or a linked-done reading reads at most (20 pages): bounds the step's time. */
export const PROGRESS_ISSUE_LIMIT = 2000;

export interface ProgressResult {
  /** Check-ins stored, in file order. */
  recorded: { krId: string; checkIn: CheckIn }[];
  /** KRs read whose value had not changed (or that no issue links yet). */
  unchanged: string[];
  /** KRs that could not be read, and why; the others were still read. */
  failed: { krId: string; error: string }[];
  /** Jira requests the readings made (the field list, when needed, comes on top, once). */
  requests: number;
}

/** A KR's progress source that cannot be read in Jira: the message says what to change. */
export class ProgressSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgressSourceError';
  }
}

type ProgressDeps = Pick<AppDeps, 'app' | 'store' | 'today'>;

interface Reader {
  deps: ProgressDeps;
  fields: () => Promise<FieldIds>;
  limit: number;
  /** Counts a request before it is sent: one Jira refuses costs a request too. */
  spend: () => void;
}

const readsFromJira = (kr: KeyResult): boolean =>
  kr.progress.source === 'query' || kr.progress.source === 'linked-done';

/** Whether a reconcile on `asOf` has automatic KR values to read: a KR of a running objective. */
export function readsProgress(okrs: Okrs, asOf: Day): boolean {
  return okrs.objectives.some((o) => isActive(o, asOf) && o.keyResults.some(readsFromJira));
}

/**
 * Reads every automatic KR and stores the values that changed. A KR that cannot be read is
 * reported in `failed` and the others go on; only storage failing throws.
 */
export async function recordProgress(
  deps: ProgressDeps,
  okrs: Okrs,
  options: { limit?: number } = {},
): Promise<ProgressResult> {
  const asOf = deps.today();
  const result: ProgressResult = { recorded: [], unchanged: [], failed: [], requests: 0 };
  let ids: Promise<FieldIds> | undefined;
  const reader: Reader = {
    deps,
    fields: () => (ids ??= fieldIdsOf(deps.app)),
    limit: options.limit ?? PROGRESS_ISSUE_LIMIT,
    spend: () => void result.requests++,
  };
  const running = okrs.objectives.filter((objective) => isActive(objective, asOf));
  for (const kr of running.flatMap((objective) => objective.keyResults)) {
    const { progress } = kr;
    if (progress.source !== 'query' && progress.source !== 'linked-done') {
      continue;
    }
    let value: number | null;
    try {
      value =
        progress.source === 'query'
          ? await queryValue(reader, kr.id, progress)
          : await linkedDoneReading(reader, kr, progress.by);
    } catch (error) {
      result.failed.push({ krId: kr.id, error: errorText(error) });
      continue;
    }
    const checkIn = value === null ? null : automaticCheckIn(kr, value, asOf, progress.source);
    if (checkIn === null) {
      result.unchanged.push(kr.id);
      continue;
    }
    // Outside the try: storage failing is the step's failure (retried), not the KR's; a retry
    // finds the values stored so far unchanged and stores each once.
    await appendCheckIn(deps.store, kr.id, { ...checkIn, source: progress.source });
    result.recorded.push({ krId: kr.id, checkIn });
  }
  return result;
}

/** A `query` KR's number: the JQL's count in one request, or the sum of one numeric field. */
async function queryValue(reader: Reader, krId: string, source: QuerySource): Promise<number> {
  const { jql } = source;
  if (jql === undefined) {
    throw new ProgressSourceError(
      `${krId}'s query has only linear, which Linear reads: add jql: "…" for Jira`,
    );
  }
  const field = measureField(source.measure);
  if (field === null) {
    reader.spend();
    return reader.deps.app.approximateCount(jql);
  }
  // `sum:estimate` is the site's story points, whatever its custom field id.
  const fieldId = field === 'estimate' ? await estimateField(reader, krId) : field;
  const issues = await searchBounded(
    reader,
    jql,
    [fieldId],
    (limit) =>
      `${krId}'s query finds more than ${limit} issues, the most a sum reads — narrow the JQL`,
  );
  if (issues.length > 0 && issues.every((issue) => !(fieldId in issue.fields))) {
    throw new ProgressSourceError(
      `Jira knows no field ${fieldId} (or the app cannot see it) — use a number field's id, such as customfield_10016, or sum:estimate`,
    );
  }
  let sum = 0;
  for (const issue of issues) {
    const value = issue.fields[fieldId];
    if (typeof value === 'number') {
      sum += value;
    } else if (value !== null && value !== undefined) {
      throw new ProgressSourceError(
        `${fieldId} is not a number field (${issue.key} holds ${JSON.stringify(value).slice(0, 40)}) — sum:<field> adds up a number field`,
      );
    }
  }
  return sum;
}

async function estimateField(reader: Reader, krId: string): Promise<string> {
  const { estimate } = await reader.fields();
  if (estimate === null) {
    throw new ProgressSourceError(
      `${krId} sums estimate, but this site has no story point field — name a number field, such as sum:customfield_10016`,
    );
  }
  return estimate;
}

/**
 * A `linked-done` KR's value from every issue linking it, done ones included, site-wide (a KR
 * spans projects); null when nothing links it yet, so the KR keeps its last value.
 */
async function linkedDoneReading(
  reader: Reader,
  kr: KeyResult,
  by: 'count' | 'effort',
): Promise<number | null> {
  const ids = await reader.fields();
  const fields = [
    'status',
    ids.keyResults,
    ...(by === 'effort' ? [ids.rice, ...(ids.estimate === null ? [] : [ids.estimate])] : []),
  ];
  const raw = await searchBounded(
    reader,
    linkedToKrJql(kr.id, ids.keyResults),
    fields,
    (limit) => `more than ${limit} issues link ${kr.id}, the most a linked-done reading reads`,
  );
  return linkedDoneValue(
    kr,
    by,
    raw.map((issue) => toSnapshot(issue, ids).snapshot),
  );
}

/** The issues whose Key Results field lists this KR (a string list field matches one value). */
export function linkedToKrJql(krId: string, keyResultsField: string): string {
  const cf = keyResultsField.replace(/^customfield_/, '');
  return `cf[${cf}] = "${krId.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Every issue the JQL finds, page by page, up to the reader's limit. Past it the reading is
 * refused rather than taken from part of the issues: a partial sum would be a wrong value.
 */
async function searchBounded(
  reader: Reader,
  jql: string,
  fields: readonly string[],
  tooMany: (limit: string) => string,
): Promise<JiraIssue[]> {
  const issues: JiraIssue[] = [];
  let token: string | undefined;
  do {
    reader.spend();
    const page = await reader.deps.app.searchPage(jql, fields, token, SEARCH_PAGE_SIZE);
    issues.push(...page.issues);
    token = page.nextPageToken ?? undefined;
    if (token !== undefined && issues.length >= reader.limit) {
      throw new ProgressSourceError(tooMany(reader.limit.toLocaleString('en-US')));
    }
  } while (token !== undefined);
  return issues;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
