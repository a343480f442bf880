import type { OkrFile } from '../../../src/core/okr-file';
import { PROGRESS_SOURCES } from '../../../src/core/progress-source';
import { readNumber } from '../../../src/core/rice';

/**
 * The OKR form's state: what a person typed, as text, so "abc" in a number field stays on
 * screen for the core's schema to judge (a number input would silently turn it into '').
 * `toDocument` turns a draft into the OKR file's shape; `fromDocument` the other way.
 */
export type ProgressSourceName = (typeof PROGRESS_SOURCES)[number];

export interface KrDraft {
  /** React's key: stable while the id field is being edited. */
  key: string;
  id: string;
  title: string;
  baseline: string;
  target: string;
  current: string;
  unit: string;
  deadline: string;
  weight: string;
  owner: string;
  source: ProgressSourceName;
  by: 'count' | 'effort';
  jql: string;
  measure: string;
  /** A Linear query the form does not edit, kept so a Jira save never drops it. */
  linear?: unknown;
}

export interface ObjectiveDraft {
  key: string;
  id: string;
  title: string;
  periodKind: 'quarter' | 'dates';
  quarter: string;
  start: string;
  end: string;
  weight: string;
  owner: string;
  parent: string;
  keyResults: KrDraft[];
}

type DocObjective = OkrFile['objectives'][number];
type DocKeyResult = DocObjective['keyResults'][number];

let nextKey = 0;
const newKey = (): string => `draft-${++nextKey}`;

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

export function krDraftOf(kr: DocKeyResult): KrDraft {
  const progress = (kr.progress ?? { source: 'manual' }) as Record<string, unknown>;
  const source = PROGRESS_SOURCES.find((s) => s === progress.source) ?? 'manual';
  return {
    key: newKey(),
    id: kr.id,
    title: kr.title,
    baseline: text(kr.baseline),
    target: text(kr.target),
    current: text(kr.current),
    unit: text(kr.unit),
    deadline: text(kr.deadline),
    weight: text(kr.weight),
    owner: text(kr.owner),
    source,
    by: progress.by === 'effort' ? 'effort' : 'count',
    jql: text(progress.jql),
    measure: text(progress.measure),
    ...(progress.linear !== undefined && { linear: progress.linear }),
  };
}

export function objectiveDraftOf(o: DocObjective, filePeriod: OkrFile['period']): ObjectiveDraft {
  const period = o.period ?? filePeriod;
  const dates = typeof period === 'object' && period !== null;
  return {
    key: newKey(),
    id: o.id,
    title: o.title,
    periodKind: dates ? 'dates' : 'quarter',
    quarter: typeof period === 'string' ? period : '',
    start: dates ? period.start : '',
    end: dates ? period.end : '',
    weight: text(o.weight),
    owner: text(o.owner),
    parent: text(o.parent),
    keyResults: o.keyResults.map(krDraftOf),
  };
}

export function fromDocument(document: OkrFile | null): ObjectiveDraft[] {
  return document === null
    ? []
    : document.objectives.map((o) => objectiveDraftOf(o, document.period));
}

export function emptyKr(objectiveId: string, taken: readonly string[]): KrDraft {
  return {
    key: newKey(),
    id: freeId(`${objectiveId}-KR`, taken),
    title: '',
    baseline: '',
    target: '',
    current: '',
    unit: '',
    deadline: '',
    weight: '',
    owner: '',
    source: 'manual',
    by: 'count',
    jql: '',
    measure: '',
  };
}

export function emptyObjective(drafts: readonly ObjectiveDraft[], quarter: string): ObjectiveDraft {
  const id = freeId('O', allIds(drafts));
  return {
    key: newKey(),
    id,
    title: '',
    periodKind: 'quarter',
    quarter,
    start: '',
    end: '',
    weight: '',
    owner: '',
    parent: '',
    keyResults: [emptyKr(id, allIds(drafts))],
  };
}

/** Every objective and KR id in the form: new ids must not collide with any of them. */
export function allIds(drafts: readonly ObjectiveDraft[]): string[] {
  return drafts.flatMap((o) => [o.id, ...o.keyResults.map((k) => k.id)]);
}

/** `O3`, `O3-KR2`: the first free number after a prefix, as people number OKRs. */
function freeId(prefix: string, taken: readonly string[]): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) {
    n++;
  }
  return `${prefix}${n}`;
}

/**
 * A typed number as the file would hold it: a number when it reads as one, else the text
 * itself, so the core's schema answers with its own message ("must be a number").
 */
function numberField(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  return readNumber(trimmed) ?? trimmed;
}

/** Leaves out what was left empty: the file's defaults apply, as when writing YAML by hand. */
function optional<K extends string>(key: K, value: unknown): Partial<Record<K, unknown>> {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return {};
  }
  return { [key]: typeof value === 'string' ? value.trim() : value } as Partial<Record<K, unknown>>;
}

function progressOf(kr: KrDraft): Record<string, unknown> | undefined {
  switch (kr.source) {
    case 'manual':
      return undefined;
    case 'linked-done':
      return { source: 'linked-done', by: kr.by };
    case 'query':
      return {
        source: 'query',
        ...optional('jql', kr.jql),
        ...optional('linear', kr.linear),
        ...optional('measure', kr.measure),
      };
    case 'push':
      return { source: 'push' };
  }
}

/** The draft in the OKR file's shape, unvalidated: the core's `validateOkrDocument` judges it. */
export function toDocument(drafts: readonly ObjectiveDraft[]): { objectives: unknown[] } {
  return {
    objectives: drafts.map((o) => ({
      id: o.id.trim(),
      title: o.title,
      ...(o.periodKind === 'quarter'
        ? optional('period', o.quarter)
        : { period: { start: o.start.trim(), end: o.end.trim() } }),
      ...optional('weight', numberField(o.weight)),
      ...optional('owner', o.owner),
      ...optional('parent', o.parent),
      keyResults: o.keyResults.map((k) => ({
        id: k.id.trim(),
        title: k.title,
        baseline: numberField(k.baseline),
        target: numberField(k.target),
        ...optional('current', numberField(k.current)),
        ...optional('unit', k.unit),
        ...optional('deadline', k.deadline),
        ...optional('weight', numberField(k.weight)),
        ...optional('owner', k.owner),
        ...optional('progress', progressOf(k)),
      })),
    })),
  };
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** "2026-Q4" → "2027-Q1"; null for anything that is not a quarter. */
export function quarterAfter(label: string): string | null {
  const match = QUARTER.exec(label.trim());
  if (match === null) {
    return null;
  }
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
}

/** The quarter after today's, such as 2027-Q1 on 2026-11-30: what "add objective" proposes. */
export function nextQuarter(today: Date): string {
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  return quarterAfter(`${today.getFullYear()}-Q${quarter}`) ?? '';
}

/**
 * Next quarter's skeletons: the objectives of the latest quarter in the form, copied into the
 * quarter after it with new ids; each KR starts from where it stands now (`currents`) and has
 * no target yet, since choosing it is the point of planning. Null when no objective has a quarter.
 */
export function nextQuarterSkeletons(
  drafts: readonly ObjectiveDraft[],
  currents: ReadonlyMap<string, number>,
): { added: ObjectiveDraft[]; from: string; to: string } | null {
  const quarters = drafts
    .filter((o) => o.periodKind === 'quarter' && QUARTER.test(o.quarter.trim()))
    .map((o) => o.quarter.trim())
    .sort();
  const from = quarters.at(-1);
  const to = from === undefined ? null : quarterAfter(from);
  if (from === undefined || to === null) {
    return null;
  }
  const taken = allIds(drafts);
  const added = drafts
    .filter((o) => o.periodKind === 'quarter' && o.quarter.trim() === from)
    .map((o): ObjectiveDraft => {
      const id = freeId('O', taken);
      taken.push(id);
      return {
        ...o,
        key: newKey(),
        id,
        quarter: to,
        // The old parent may not carry on into the new quarter; the person picks again.
        parent: '',
        keyResults: o.keyResults.map((k) => {
          const krId = freeId(`${id}-KR`, taken);
          taken.push(krId);
          const now = currents.get(k.id.trim());
          return {
            ...k,
            key: newKey(),
            id: krId,
            baseline: now === undefined ? k.baseline : String(now),
            target: '',
            current: '',
            deadline: '',
          };
        }),
      };
    });
  return { added, from, to };
}
