/**
 * `npm run bench`: the KR suggester's quality on the labelled example backlog
 * (examples/suggestions/) and its speed on 10,000 issues over 50 key results. Prints figures,
 * never fails on them. Goals (issue 11): top-3 ≥ 80%, top-1 ≥ 60%, no-fit left empty ≥ 70%,
 * under 1 s. Times are wall (performance.now) and CPU (process.cpuUsage) per run.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  buildSuggester,
  IssueSnapshotSchema,
  parseOkrFile,
  SUGGESTION_THRESHOLD,
  type IssueSnapshot,
  type Okrs,
} from '../src/core/index';
import { seeded } from './synthetic-backlog';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

// ---- quality on the labelled example ----
const okrFile = parseOkrFile(read('examples/okrs.yml'));
if (!okrFile.ok) {
  throw new Error('examples/okrs.yml does not parse');
}
const backlog = (JSON.parse(read('examples/suggestions/backlog.json')) as unknown[]).map((entry) =>
  IssueSnapshotSchema.parse(entry),
);
const labels = JSON.parse(read('examples/suggestions/labels.json')) as {
  asOf: string;
  expected: Record<string, string | null>;
};

interface Figures {
  fit: number;
  top1: number;
  top3: number;
  fitEmpty: number;
  noFit: number;
  noFitEmpty: number;
}

function evaluate(okrs: Okrs, threshold: number): Figures {
  const suggester = buildSuggester({ okrs, issues: backlog, asOf: labels.asOf }, threshold);
  const f: Figures = { fit: 0, top1: 0, top3: 0, fitEmpty: 0, noFit: 0, noFitEmpty: 0 };
  for (const issue of backlog) {
    if (!(issue.key in labels.expected)) {
      continue;
    }
    const expected = labels.expected[issue.key];
    const got = suggester.suggest(issue).map((s) => s.kr);
    if (expected === null) {
      f.noFit++;
      f.noFitEmpty += got.length === 0 ? 1 : 0;
    } else {
      f.fit++;
      f.top1 += got[0] === expected ? 1 : 0;
      f.top3 += expected !== undefined && got.includes(expected) ? 1 : 0;
      f.fitEmpty += got.length === 0 ? 1 : 0;
    }
  }
  return f;
}

const pct = (part: number, whole: number): string =>
  `${((100 * part) / Math.max(1, whole)).toFixed(0)}%`.padStart(4);

const figures = evaluate(okrFile.okrs, SUGGESTION_THRESHOLD);
console.log(
  `KR suggestions on examples/suggestions/ (${figures.fit + figures.noFit} labelled issues: ${figures.fit} with a fitting KR, ${figures.noFit} fitting none)`,
);
console.log(`  threshold   ${SUGGESTION_THRESHOLD}`);
console.log(
  `  top-1       ${pct(figures.top1, figures.fit)}  (${figures.top1}/${figures.fit}, goal ≥ 60%)`,
);
console.log(
  `  top-3       ${pct(figures.top3, figures.fit)}  (${figures.top3}/${figures.fit}, goal ≥ 80%)`,
);
console.log(
  `  no-fit      ${pct(figures.noFitEmpty, figures.noFit)}  left without a suggestion (${figures.noFitEmpty}/${figures.noFit}, goal ≥ 70%)`,
);
console.log(
  `  fit, empty  ${pct(figures.fitEmpty, figures.fit)}  of fitting issues got no suggestion (${figures.fitEmpty}/${figures.fit})`,
);
console.log('  threshold sweep   top-1 top-3 no-fit empty');
for (const t of [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
  const s = evaluate(okrFile.okrs, t);
  console.log(
    `    ${t.toFixed(2)}${t === SUGGESTION_THRESHOLD ? ' ◂' : '  '}          ${pct(s.top1, s.fit)}  ${pct(s.top3, s.fit)}  ${pct(s.noFitEmpty, s.noFit)}`,
  );
}

// ---- speed: 10,000 issues over 50 key results ----
const ISSUES = 10_000;
const random = seeded(11);
const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x${'abcdefghij'[i % 10]}`);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const topics = Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => pick(words)));
const speedOkrs: Okrs = {
  objectives: Array.from({ length: 10 }, (_, o) => ({
    id: `O${o + 1}`,
    title: Array.from({ length: 8 }, () => pick(words)).join(' '),
    period: { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' },
    weight: 1,
    keyResults: Array.from({ length: 5 }, (_, k) => ({
      id: `O${o + 1}-KR${k + 1}`,
      title: Array.from({ length: 6 }, () => pick(topics[o * 5 + k] as string[])).join(' '),
      objectiveId: `O${o + 1}`,
      baseline: 0,
      target: 100,
      current: 0,
      deadline: '2026-12-31',
      progress: { source: 'manual' as const },
      checkIns: [],
      weight: 1,
    })),
  })),
};
const krIds = speedOkrs.objectives.flatMap((o) => o.keyResults.map((kr) => kr.id));
const text = (topic: number, length: number): string =>
  Array.from({ length }, () =>
    random() < 0.6 ? pick(topics[topic] as string[]) : pick(words),
  ).join(' ');
const speedIssues: IssueSnapshot[] = Array.from({ length: ISSUES }, (_, i) => {
  const topic = Math.floor(random() * 50);
  return IssueSnapshotSchema.parse({
    key: `ENG-${i + 1}`,
    title: text(topic, 8),
    description: text(topic, 60),
    status: 'backlog',
    labels: [pick(words)],
    keyResults: random() < 0.7 ? [krIds[topic]] : [],
  });
});

/** CPU milliseconds since `from` (user + system: the garbage collector's threads included). */
function cpuSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

let indexCpu = 0;
function suggestAll(): number {
  const cpu = process.cpuUsage();
  const suggester = buildSuggester({ okrs: speedOkrs, issues: speedIssues, asOf: '2026-11-15' });
  indexCpu = cpuSince(cpu);
  let suggested = 0;
  for (const issue of speedIssues) {
    if (issue.keyResults.length === 0) {
      suggested += suggester.suggest(issue).length > 0 ? 1 : 0;
    }
  }
  return suggested;
}

suggestAll(); // warm-up: measure the suggester, not the JIT's first look
const RUNS = 5;
const runs: number[] = [];
const cpuRuns: number[] = [];
const indexRuns: number[] = [];
let suggested = 0;
for (let run = 0; run < RUNS; run++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  suggested = suggestAll();
  runs.push(performance.now() - start);
  cpuRuns.push(cpuSince(cpu));
  indexRuns.push(indexCpu);
}
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[RUNS >> 1] as number;
const ms = (list: number[]): string =>
  `median ${median(list).toFixed(0)} ms · best ${Math.min(...list).toFixed(0)} ms · worst ${Math.max(...list).toFixed(0)} ms`;
const unlinked = speedIssues.filter((i) => i.keyResults.length === 0).length;
console.log(
  `  speed       ${ISSUES.toLocaleString('en')} issues (title + 60-word description), 50 key results: index the ${(ISSUES - unlinked).toLocaleString('en')} linked, suggest for the ${unlinked.toLocaleString('en')} unlinked`,
);
console.log(
  `              wall ${ms(runs)} (${RUNS} runs, goal < 1 s) · ${suggested} got a suggestion`,
);
// On a shared machine the wall time swings with other work; CPU time is the steadier figure.
console.log(
  `              CPU  ${ms(cpuRuns)} · of which indexing median ${median(indexRuns).toFixed(0)} ms`,
);
