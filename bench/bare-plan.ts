import { readFileSync } from 'node:fs';

/**
 * The least a program producing keyrank's JSON could do, as a yardstick for issue 13's goal:
 * parse the backlog, check each field's type, score by RICE × the number of links, sort by
 * score, and write the same fields per issue (with a one-line explanation) and a move list of
 * keyrank's length. No validation messages, Icebox rules, fewest-moves search, capacity
 * check, key-result reports or suggestions. Not a plan anyone should use: a floor to measure
 * the ratio goal against.
 */
export function barePlan(backlogPath: string, moveCount: number): string {
  const entries = JSON.parse(readFileSync(backlogPath, 'utf8')) as BareEntry[];
  const n = entries.length;
  const issues = new Array<BareIssue>(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i] as BareEntry;
    if (
      typeof e.key !== 'string' ||
      typeof e.title !== 'string' ||
      typeof e.status !== 'string' ||
      !Array.isArray(e.keyResults) ||
      !Array.isArray(e.labels)
    ) {
      throw new TypeError(`entry ${i} is not an issue`);
    }
    const r = e.rice;
    const rice =
      r !== null &&
      r !== undefined &&
      typeof r.reach === 'number' &&
      typeof r.impact === 'number' &&
      typeof r.confidence === 'number' &&
      typeof r.effort === 'number' &&
      r.effort > 0
        ? (r.reach * r.impact * r.confidence) / 100 / r.effort
        : null;
    const alignment = e.keyResults.length;
    const score = rice !== null && alignment > 0 ? Math.round(rice * alignment * 100) / 100 : null;
    scores[i] = score ?? -1;
    issues[i] = {
      key: e.key,
      score,
      rice,
      alignment,
      keyResults: e.keyResults,
      icebox: alignment === 0,
      iceboxReason: alignment === 0 ? 'serves no active key result' : null,
      bau: false,
      problems: [],
      explanation: ['RICE ', String(rice), ' × ', String(alignment), ' = ', String(score)].join(''),
    };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  const ranked = order.map((i) => issues[i] as BareIssue);
  const moves = ranked
    .slice(1, moveCount + 1)
    .map((issue, i) => ({ key: issue.key, after: (ranked[i] as BareIssue).key }));
  return `${JSON.stringify({ asOf: '2026-11-15', issues: ranked, moves }, null, 2)}\n`;
}

interface BareEntry {
  key: unknown;
  title: unknown;
  status: unknown;
  labels: unknown;
  keyResults: unknown[];
  rice?: { reach: unknown; impact: unknown; confidence: unknown; effort: number } | null;
}

interface BareIssue {
  key: string;
  score: number | null;
  rice: number | null;
  alignment: number;
  keyResults: unknown[];
  icebox: boolean;
  iceboxReason: string | null;
  bau: boolean;
  problems: string[];
  explanation: string;
}
