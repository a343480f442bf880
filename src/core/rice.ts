/**
 * RICE (Intercom): Reach × Impact × Confidence / Effort. Values arrive from trackers as
 * numbers or text; this module turns them into numbers or into messages a person can act on.
 */

export const RICE_FIELDS = ['reach', 'impact', 'confidence', 'effort'] as const;
export type RiceField = (typeof RICE_FIELDS)[number];

/** What a tracker hands us: any subset, as numbers or strings ("80%", "1,200", "high"). */
export type RiceInput = Partial<Record<RiceField, unknown>>;

export interface Rice {
  reach: number;
  impact: number;
  /** A percentage, 1..100. */
  confidence: number;
  effort: number;
}

export type RiceCheck =
  { ok: true; rice: Rice; value: number } | { ok: false; missing: RiceField[]; problems: string[] };

/** Intercom's impact scale: the only values an impact may take. */
export const IMPACT_SCALE = [
  { value: 3, name: 'massive' },
  { value: 2, name: 'high' },
  { value: 1, name: 'medium' },
  { value: 0.5, name: 'low' },
  { value: 0.25, name: 'minimal' },
] as const;

const IMPACT_ACCEPTED = IMPACT_SCALE.map((step) => `${step.value} (${step.name})`)
  .reverse()
  .join(', ');

/** Each field can be finite while their product is not (reach 1e308 / effort 1e-308). */
export const TOO_LARGE_TO_SCORE = 'reach × impact × confidence / effort is too large to score';

type FieldResult = { ok: true; value: number } | { ok: false; message: string };

/** A number from a number or from text such as "1,200" or " 3 "; `null` when it is neither. */
export function readNumber(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw !== 'string') {
    return null;
  }
  const text = raw.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    return null;
  }
  // "1e999" matches the pattern but overflows; an infinite reach or effort makes the score NaN.
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function show(raw: unknown): string {
  return typeof raw === 'string' ? `"${raw}"` : String(raw);
}

function parseReach(raw: unknown): FieldResult {
  const n = readNumber(raw);
  if (n === null || n < 0) {
    return {
      ok: false,
      message: `reach ${show(raw)} is not accepted — use a number ≥ 0 (people or events per period)`,
    };
  }
  return { ok: true, value: n };
}

function parseImpact(raw: unknown): FieldResult {
  const byName =
    typeof raw === 'string'
      ? IMPACT_SCALE.find((step) => step.name === raw.trim().toLowerCase())
      : undefined;
  const n = byName ? byName.value : readNumber(raw);
  if (n === null || !IMPACT_SCALE.some((step) => step.value === n)) {
    return { ok: false, message: `impact ${show(raw)} is not accepted — use ${IMPACT_ACCEPTED}` };
  }
  return { ok: true, value: n };
}

function parseConfidence(raw: unknown): FieldResult {
  const text = typeof raw === 'string' ? raw.trim().replace(/%$/, '') : raw;
  const n = readNumber(text);
  if (n !== null && n > 0 && n < 1) {
    // 0.8 is a fraction; the scale is a percentage, and guessing would silently change a score.
    const percent = Math.round(n * 10_000) / 100;
    return {
      ok: false,
      message: `confidence is a percentage between 1 and 100 — did you mean ${percent}?`,
    };
  }
  if (n === null || n < 1 || n > 100) {
    return {
      ok: false,
      message: `confidence ${show(raw)} is not accepted — use a percentage between 1 and 100 (such as 80 or "80%")`,
    };
  }
  return { ok: true, value: n };
}

function parseEffort(raw: unknown): FieldResult {
  const n = readNumber(raw);
  if (n === null || n <= 0) {
    return {
      ok: false,
      message: `effort ${show(raw)} is not accepted — use a number > 0 (person-weeks or points)`,
    };
  }
  return { ok: true, value: n };
}

const PARSERS: Record<RiceField, (raw: unknown) => FieldResult> = {
  reach: parseReach,
  impact: parseImpact,
  confidence: parseConfidence,
  effort: parseEffort,
};

function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

const IMPACT_VALUES: ReadonlySet<unknown> = new Set(IMPACT_SCALE.map((step) => step.value));

/** Validates every field at once, so one message lists everything to fix. */
export function parseRice(input: RiceInput | null | undefined): RiceCheck {
  const fast = input ? numericRice(input) : null;
  if (fast !== null) {
    return fast;
  }
  const missing: RiceField[] = [];
  const problems: string[] = [];
  const values: Partial<Rice> = {};
  for (const field of RICE_FIELDS) {
    const raw = input?.[field];
    if (isAbsent(raw)) {
      missing.push(field);
      continue;
    }
    const result = PARSERS[field](raw);
    if (result.ok) {
      values[field] = result.value;
    } else {
      problems.push(result.message);
    }
  }
  if (missing.length > 0) {
    problems.unshift(`needs RICE: ${missing.join(', ')}`);
  }
  if (problems.length > 0) {
    return { ok: false, missing, problems };
  }
  const rice = values as Rice;
  const value = riceValue(rice);
  if (!Number.isFinite(value)) {
    return { ok: false, missing: [], problems: [TOO_LARGE_TO_SCORE] };
  }
  return { ok: true, rice, value };
}

/**
 * The RICE effort on its own, when it is given and valid: capacity counts it even where the
 * other fields are missing (BAU work is never scored, so it rarely has them).
 */
export function riceEffort(input: RiceInput | null | undefined): number | undefined {
  const raw = input?.effort;
  if (isAbsent(raw)) {
    return undefined;
  }
  const result = parseEffort(raw);
  return result.ok ? result.value : undefined;
}

/**
 * The check for four plain numbers that are all accepted, the usual case, without the
 * per-field results and messages; `null` for anything else, which the full check handles.
 */
function numericRice(input: RiceInput): RiceCheck | null {
  const { reach, impact, confidence, effort } = input;
  if (
    typeof reach !== 'number' ||
    typeof confidence !== 'number' ||
    typeof effort !== 'number' ||
    !(reach >= 0 && reach < Infinity) ||
    !IMPACT_VALUES.has(impact) ||
    !(confidence >= 1 && confidence <= 100) ||
    !(effort > 0 && effort < Infinity)
  ) {
    return null;
  }
  const rice: Rice = { reach, impact: impact as number, confidence, effort };
  const value = riceValue(rice);
  return Number.isFinite(value) ? { ok: true, rice, value } : null;
}

export function riceValue(rice: Rice): number {
  return (rice.reach * rice.impact * (rice.confidence / 100)) / rice.effort;
}
