import { LineCounter, isMap, isNode, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { CHECK_IN_SOURCES, compactCheckIn, sortCheckIns } from './check-in';
import { isDay } from './day';
import type { KeyResult, Objective, Okrs } from './okrs';
import { MANUAL, ProgressSourceSchema } from './progress-source';
import { parsePeriod, PERIOD_FORMS, type Period, type PeriodInput } from './period';
import { SettingsSchema, type Settings } from './settings';
import { formatPath, validationMessage } from './validation-message';
import { excessiveAliasing, parseDocumentWithinDepth } from './yaml-limits';

/**
 * The OKR file (`okrs.yml`): YAML in, validated `Okrs` and `Settings` out. Every error names
 * the path (`objectives[1].keyResults[0].target`) and, where the file has one, the line.
 */

export const ID_PATTERN = /^[A-Za-z0-9._-]+$/;
const MAX_FOCUSED_KRS = 5;

export interface OkrFileIssue {
  /** `objectives[1].keyResults[0].target`, or '' for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export type OkrFileResult =
  | { ok: true; okrs: Okrs; settings: Settings; warnings: OkrFileIssue[] }
  | { ok: false; errors: OkrFileIssue[]; warnings: OkrFileIssue[] };

const id = z
  .string()
  .trim()
  .regex(ID_PATTERN, 'must use only letters, digits, ".", "_" and "-" (such as O1-KR2)');
const title = z.string().trim().min(1, 'must not be empty');
const finite = z.number();
const positive = z.number().gt(0, 'must be a number > 0');
const day = z.string().refine(isDay, {
  error: (issue) => `must be a real date written YYYY-MM-DD (got "${String(issue.input)}")`,
});
const period = z.union([z.string(), z.strictObject({ start: day, end: day })], {
  error: `must be ${PERIOD_FORMS}`,
});

const person = z.string().trim().min(1, 'must name a person (such as ana@example.com)').max(200);

export const CheckInSchema = z.strictObject({
  date: day,
  value: finite,
  note: z.string().max(500, 'must be at most 500 characters').optional(),
  by: person.optional(),
  source: z
    .enum(CHECK_IN_SOURCES, { error: `must be one of ${CHECK_IN_SOURCES.join(', ')}` })
    .optional(),
});

export const KeyResultSchema = z.strictObject({
  id,
  title,
  baseline: finite,
  target: finite,
  current: finite.optional(),
  unit: z.string().optional(),
  deadline: day.optional(),
  weight: positive.optional(),
  owner: person.optional(),
  progress: ProgressSourceSchema.optional(),
  checkIns: z.array(CheckInSchema).optional(),
});

export const ObjectiveSchema = z.strictObject({
  id,
  title,
  period: period.optional(),
  weight: positive.optional(),
  owner: person.optional(),
  parent: id.optional(),
  keyResults: z.array(KeyResultSchema).min(1, 'needs at least one key result'),
});

/** The file as written; `toOkrs` turns it into the model. */
export const OkrFileSchema = z.strictObject({
  period: period.optional(),
  objectives: z.array(ObjectiveSchema).min(1, 'needs at least one objective'),
  settings: SettingsSchema.optional(),
});

export type OkrFile = z.input<typeof OkrFileSchema>;

type Path = (string | number)[];

/** Known keys at a path, for "unknown key" messages that say what is accepted. */
function keysAt(path: readonly PropertyKey[]): string[] {
  const last = path.at(-1);
  const parent = path.at(-2);
  if (path.length === 0) {
    return Object.keys(OkrFileSchema.shape);
  }
  if (last === 'settings') {
    return Object.keys(SettingsSchema.shape);
  }
  if (last === 'capacity') {
    return ['okrMin', 'okrMax'];
  }
  if (last === 'health') {
    return ['atRisk', 'behind'];
  }
  if (last === 'progress') {
    return ['source', 'by', 'jql', 'linear', 'measure'];
  }
  if (last === 'linear') {
    return ['team', 'labels', 'state'];
  }
  if (parent === 'checkIns') {
    return Object.keys(CheckInSchema.shape);
  }
  if (parent === 'objectives') {
    return Object.keys(ObjectiveSchema.shape);
  }
  if (parent === 'keyResults') {
    return Object.keys(KeyResultSchema.shape);
  }
  return [];
}

/** The 1-based line of the deepest node on `path` that the file has. */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      return lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

/** The line of `key` inside the mapping at `path`: where an unknown key is actually written. */
function keyLineOf(doc: Document, lines: LineCounter, path: Path, key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) {
    return undefined;
  }
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const range = isNode(pair?.key) ? pair.key.range : undefined;
  return range ? lines.linePos(range[0]).line : undefined;
}

export function parseOkrFile(text: string): OkrFileResult {
  const fail = (errors: OkrFileIssue[]): OkrFileResult => ({ ok: false, warnings: [], errors });
  const lines = new LineCounter();
  const parsed = parseDocumentWithinDepth(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (!parsed.ok) {
    return fail([{ path: '', ...parsed.tooDeep }]);
  }
  const { doc } = parsed;
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((error) => ({
        path: '',
        // linePos is only filled in with prettyErrors; the offset always is.
        line: error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line,
        message: `not valid YAML: ${error.message.split('\n')[0] ?? error.code}`,
      })),
    );
  }
  const aliasing = excessiveAliasing(doc, lines);
  if (aliasing) {
    return fail([{ path: '', ...aliasing }]);
  }
  let raw: unknown;
  try {
    // excessiveAliasing has bounded the aliases exactly; yaml's own rule of thumb (uses ×
    // aliases inside > 100) would refuse 101 objectives sharing one period anchor.
    raw = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    return fail([{ path: '', message: `not valid YAML: ${(error as Error).message}` }]);
  }
  return checkOkrDocument(raw, {
    lineOf: (path) => lineOf(doc, lines, path),
    keyLineOf: (path, key) => keyLineOf(doc, lines, path, key),
  });
}

/** Where paths are written, when the OKRs came from text. */
interface Lines {
  lineOf(path: Path): number | undefined;
  keyLineOf(path: Path, key: string): number | undefined;
}

const NO_LINES: Lines = { lineOf: () => undefined, keyLineOf: () => undefined };

/**
 * Validates OKRs given as data (the Jira admin form sends objectives and key results, not
 * text): the same schema and checks as the file, with paths and no lines.
 */
export function validateOkrDocument(raw: unknown): OkrFileResult {
  return checkOkrDocument(raw, NO_LINES);
}

function checkOkrDocument(raw: unknown, lines: Lines): OkrFileResult {
  const at = (path: Path, message: string): OkrFileIssue => ({
    path: formatPath(path),
    line: lines.lineOf(path),
    message,
  });
  const parsed = OkrFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      warnings: [],
      errors: parsed.error.issues.map((issue) => {
        const found = at(issue.path as Path, validationMessage(issue, raw, keysAt));
        // An unknown key has no node on its path; point at the key itself, not its mapping.
        const keyLine =
          issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined
            ? lines.keyLineOf(issue.path as Path, issue.keys[0])
            : undefined;
        return keyLine === undefined ? found : { ...found, line: keyLine };
      }),
    };
  }
  const { okrs, errors, warnings } = toOkrs(parsed.data, at);
  const settings = parsed.data.settings ?? SettingsSchema.parse({});
  return errors.length > 0
    ? { ok: false, errors, warnings }
    : { ok: true, okrs, settings, warnings };
}

type At = (path: Path, message: string) => OkrFileIssue;

/** The checks zod cannot express per field: periods, unique ids, parents, directions. */
function toOkrs(
  file: z.output<typeof OkrFileSchema>,
  at: At,
): { okrs: Okrs; errors: OkrFileIssue[]; warnings: OkrFileIssue[] } {
  const errors: OkrFileIssue[] = [];
  const warnings: OkrFileIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (value: string, path: Path): void => {
    const first = seen.get(value);
    if (first !== undefined) {
      errors.push(at(path, `id "${value}" is already used by ${first} — ids must be unique`));
    } else {
      seen.set(value, formatPath(path));
    }
  };
  const readPeriod = (input: PeriodInput | undefined, path: Path): Period | undefined => {
    if (input === undefined) {
      return undefined;
    }
    const result = parsePeriod(input);
    if (!result.ok) {
      errors.push(at(path, result.message));
      return undefined;
    }
    return result.period;
  };

  const filePeriod = readPeriod(file.period, ['period']);
  const objectives: Objective[] = [];
  file.objectives.forEach((o, i) => {
    const base: Path = ['objectives', i];
    claim(o.id, [...base, 'id']);
    const period = o.period === undefined ? filePeriod : readPeriod(o.period, [...base, 'period']);
    if (period === undefined && o.period === undefined && file.period === undefined) {
      errors.push(
        at([...base, 'period'], `needs a period — set it here or at the top (${PERIOD_FORMS})`),
      );
    }
    if (o.keyResults.length > MAX_FOCUSED_KRS) {
      warnings.push(
        at(
          [...base, 'keyResults'],
          `${o.id} has ${o.keyResults.length} key results — 3 to 5 keep an objective focused`,
        ),
      );
    }
    const keyResults: KeyResult[] = o.keyResults.map((k, j) => {
      const path: Path = [...base, 'keyResults', j];
      claim(k.id, [...path, 'id']);
      if (k.baseline === k.target) {
        errors.push(
          at(
            [...path, 'target'],
            `must differ from baseline (${k.baseline}) — a KR needs somewhere to go`,
          ),
        );
      }
      if (
        period &&
        k.deadline !== undefined &&
        (k.deadline < period.start || k.deadline > period.end)
      ) {
        errors.push(
          at(
            [...path, 'deadline'],
            `${k.deadline} is outside the objective's period ${period.label} (${period.start}..${period.end})`,
          ),
        );
      }
      return {
        id: k.id,
        title: k.title,
        objectiveId: o.id,
        baseline: k.baseline,
        target: k.target,
        current: k.current ?? k.baseline,
        ...(k.unit !== undefined && { unit: k.unit }),
        deadline: k.deadline ?? period?.end ?? '',
        weight: k.weight ?? 1,
        ...(k.owner !== undefined && { owner: k.owner }),
        progress: k.progress ?? MANUAL,
        checkIns: sortCheckIns((k.checkIns ?? []).map(compactCheckIn)),
      };
    });
    objectives.push({
      id: o.id,
      title: o.title,
      period: period ?? { label: '', start: '', end: '' },
      weight: o.weight ?? 1,
      ...(o.owner !== undefined && { owner: o.owner }),
      ...(o.parent !== undefined && { parent: o.parent }),
      keyResults,
    });
  });

  checkParents(objectives, at, errors);
  return { okrs: { objectives }, errors, warnings };
}

function checkParents(objectives: Objective[], at: At, errors: OkrFileIssue[]): void {
  const byId = new Map(objectives.map((o, i) => [o.id, { o, i }]));
  objectives.forEach((o, i) => {
    if (o.parent === undefined) {
      return;
    }
    const path: Path = ['objectives', i, 'parent'];
    if (!byId.has(o.parent)) {
      const known = objectives.map((other) => other.id).join(', ');
      errors.push(at(path, `"${o.parent}" is not an objective in this file — known: ${known}`));
      return;
    }
    const chain = [o.id];
    let next: string | undefined = o.parent;
    while (next !== undefined) {
      if (next === o.id) {
        errors.push(at(path, `parents form a cycle: ${[...chain, next].join(' → ')}`));
        return;
      }
      chain.push(next);
      next = byId.get(next)?.o.parent;
      if (chain.length > objectives.length) {
        return;
      }
    }
  });
}

/** "okrs.yml:12: objectives[1].keyResults[0].target: must differ from baseline" */
export function formatOkrFileIssue(file: string, issue: OkrFileIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  return issue.path === ''
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.path}: ${issue.message}`;
}

/**
 * The OKRs written back as the file's shape, for a form to edit and for storage as YAML.
 * Defaults stay implicit (a weight of 1, a deadline at the period's end, `manual` progress),
 * so the text a person reads back is the text they would have written.
 */
export function toOkrDocument(okrs: Okrs, options: { checkIns: boolean }): OkrFile {
  return {
    objectives: okrs.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      period: periodText(o.period),
      ...(o.weight !== 1 && { weight: o.weight }),
      ...(o.owner !== undefined && { owner: o.owner }),
      ...(o.parent !== undefined && { parent: o.parent }),
      keyResults: o.keyResults.map((k) => ({
        id: k.id,
        title: k.title,
        baseline: k.baseline,
        target: k.target,
        ...(k.current !== k.baseline && { current: k.current }),
        ...(k.unit !== undefined && { unit: k.unit }),
        ...(k.deadline !== o.period.end && { deadline: k.deadline }),
        ...(k.weight !== 1 && { weight: k.weight }),
        ...(k.owner !== undefined && { owner: k.owner }),
        ...(k.progress.source !== 'manual' && { progress: k.progress }),
        ...(options.checkIns && k.checkIns.length > 0 && { checkIns: k.checkIns }),
      })),
    })),
  };
}

function periodText(period: Period): PeriodInput {
  const asLabel = parsePeriod(period.label);
  return asLabel.ok && asLabel.period.start === period.start && asLabel.period.end === period.end
    ? period.label
    : { start: period.start, end: period.end };
}
