import { IssueSnapshotSchema, ISSUE_STATUSES, type IssueSnapshot } from './issue';
import { RICE_FIELDS } from './rice';

export type IssueSnapshotParse = ReturnType<typeof IssueSnapshotSchema.safeParse>;

type Entry = Record<string, unknown>;

const STATUSES: ReadonlySet<unknown> = new Set(ISSUE_STATUSES);

/**
 * `IssueSnapshotSchema.safeParse`, with a hand-written path for entries that are valid: the
 * same output (keys, order, defaults, trimmed key, unknown keys dropped) at a fraction of the
 * cost, which counts for a 100,000-issue backlog. Anything the fast path does not accept goes
 * to zod, so every error message is zod's.
 *
 * @example
 * const parsed = parseIssueSnapshot(JSON.parse(text)[0]);
 * if (parsed.success) plan({ okrs, issues: [parsed.data], settings, asOf });
 */
export function parseIssueSnapshot(entry: unknown): IssueSnapshotParse {
  const data = fastIssueSnapshot(entry);
  return data === null ? IssueSnapshotSchema.safeParse(entry) : { success: true, data };
}

/** The parsed snapshot when `entry` is valid and plain; `null` sends it to zod. */
function fastIssueSnapshot(entry: unknown): IssueSnapshot | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return null;
  }
  const e = entry as Entry;
  const rawKey = e.key;
  // `default('')` fills in a missing title only: a null one is zod's to refuse.
  const title = e.title === undefined ? '' : e.title;
  if (typeof rawKey !== 'string' || typeof title !== 'string' || !STATUSES.has(e.status)) {
    return null;
  }
  const key = rawKey.trim();
  const labels = stringList(e.labels);
  const keyResults = stringList(e.keyResults);
  if (key === '' || labels === null || keyResults === null) {
    return null;
  }
  const hasDescription = 'description' in e;
  const hasType = 'type' in e;
  if (
    (hasDescription && !isNullishString(e.description)) ||
    (hasType && !isOptionalString(e.type))
  ) {
    return null;
  }
  const { description, type, status } = e;
  // Built whole, in zod's key order, rather than grown a key at a time: one object instead of
  // an object and a property store reallocated as it grows, for each of 100,000 issues.
  const out: Entry = hasDescription
    ? hasType
      ? { key, title, description, type, status, labels, keyResults }
      : { key, title, description, status, labels, keyResults }
    : hasType
      ? { key, title, type, status, labels, keyResults }
      : { key, title, status, labels, keyResults };
  if ('rice' in e) {
    const rice = riceOf(e.rice);
    if (rice === false) {
      return null;
    }
    out.rice = rice;
  }
  if (
    !optional(e, 'estimate', out, isNullishEstimate) ||
    !optional(e, 'sprint', out, isNullishString)
  ) {
    return null;
  }
  return out as IssueSnapshot;
}

/** Copies `field` when present and accepted; false when present and refused. */
function optional(e: Entry, field: string, out: Entry, accepts: (v: unknown) => boolean): boolean {
  if (!(field in e)) {
    return true;
  }
  const value = e[field];
  if (!accepts(value)) {
    return false;
  }
  out[field] = value;
  return true;
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isNullishString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isNullishEstimate(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'number' && value >= 0 && Number.isFinite(value))
  );
}

/** A copy of a list of strings (`[]` when absent), or `null` when it is anything else. */
function stringList(value: unknown): string[] | null {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    return null;
  }
  for (const item of value) {
    if (typeof item !== 'string') {
      return null;
    }
  }
  return value.slice() as string[];
}

function isRiceValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The RICE fields present, in schema order; `false` when the value is refused. */
function riceOf(value: unknown): IssueSnapshot['rice'] | false {
  if (value === undefined || value === null) {
    return value;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const raw = value as Entry;
  const rice: Entry = {};
  for (const field of RICE_FIELDS) {
    if (field in raw) {
      if (!isRiceValue(raw[field])) {
        return false;
      }
      rice[field] = raw[field];
    }
  }
  return rice as IssueSnapshot['rice'];
}
