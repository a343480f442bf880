/**
 * `npm run bench`: plans a synthetic backlog of 100,000 issues over 50 key results and
 * prints wall time and memory. A benchmark, not a test: it prints figures and never fails
 * on them. Targets on a 2-core machine: under 1 s and under 300 MB for the planning itself,
 * and (issue 13) `keyrank plan --format json` end to end within 1.3× of Node only parsing the
 * input and stringifying an output of the same size, measured side by side on the same file.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readBacklog } from '../src/cli/backlog-file';
import type { Io } from '../src/cli/io';
import { planCommand } from '../src/cli/plan-command';
import { planToJson } from '../src/cli/plan-json';
import { readTextFile } from '../src/cli/read-text-file';
import { terminalJson } from '../src/cli/terminal-text';
import {
  DEFAULT_SETTINGS,
  keyResultReports,
  linkedDoneCheckIns,
  parseOkrFile,
  plan,
  suggestKeyResults,
  withCheckIns,
} from '../src/core/index';
import { barePlan } from './bare-plan';
import { syntheticBacklog, syntheticOkrFile, syntheticOkrs } from './synthetic-backlog';

// The machine is often shared: its load says how far the figures below can be trusted.
const loadAtStart = loadavg()[0] ?? 0;
const ISSUES = 100_000;
const AS_OF = '2026-11-15';
const RATIO_GOAL = 1.3;
const okrs = syntheticOkrs(10, 5);
const issues = syntheticBacklog(ISSUES, okrs);
const input = { okrs, issues, settings: DEFAULT_SETTINGS, asOf: AS_OF };
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number | undefined): string => `${(n ?? 0).toFixed(0)} ms`;
const gc = (globalThis as { gc?: () => void }).gc;
const median = (runs: readonly number[]): number => {
  const sorted = [...runs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

// ---- planning alone ----
// One warm-up run so the figures measure planning, not the JIT's first look at the code.
plan(input);
gc?.();

const runs: number[] = [];
let peakHeapDelta = 0;
let result = plan(input);
for (let run = 0; run < 5; run++) {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  result = plan(input);
  runs.push(performance.now() - start);
  peakHeapDelta = Math.max(peakHeapDelta, process.memoryUsage().heapUsed - heapBefore);
}
runs.sort((a, b) => a - b);

const iceboxed = result.issues.filter((d) => d.icebox).length;
const scored = result.issues.filter((d) => d.score !== null).length;
console.log(`keyrank plan bench: ${ISSUES.toLocaleString('en')} issues, 50 key results`);
console.log(
  `  wall time   median ${ms(runs[2])} · best ${ms(runs[0])} · worst ${ms(runs[4])} (5 runs)`,
);
console.log(
  `  memory      heap allocated by one plan ${mb(peakHeapDelta)}${gc ? '' : ' (run with --expose-gc for a clean figure)'}`,
);
console.log(
  `              process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (includes the generated input)`,
);
console.log(
  `  result      ${scored} scored · ${iceboxed} iceboxed · ${result.moves.length} moves · ${result.capacity.length} sprints`,
);

// ---- end to end against Node's own JSON, side by side ----
const dir = mkdtempSync(join(tmpdir(), 'keyrank-plan-bench-'));
const okrsPath = join(dir, 'okrs.yml');
const issuesPath = join(dir, 'backlog.json');
writeFileSync(okrsPath, syntheticOkrFile(okrs));
const issuesText = JSON.stringify(issues);
writeFileSync(issuesPath, issuesText);

/** What `keyrank plan --format json` does, stdout captured instead of written to a pipe. */
function keyrankPlan(): string {
  let out = '';
  const io: Io = {
    stdout: (text) => {
      out += text;
    },
    stderr: () => undefined,
    readFile: (path) => readTextFile(path),
    today: () => AS_OF,
    env: {},
  };
  const code = planCommand(
    ['--okrs', okrsPath, '--issues', issuesPath, '--as-of', AS_OF, '--format', 'json'],
    io,
  );
  if (code !== 0) {
    throw new Error(`keyrank plan exited with ${code}`);
  }
  return out;
}

// The baseline stringifies an object with the very shape and size of keyrank's output.
const outputText = keyrankPlan();
const outputObject: unknown = JSON.parse(outputText);
/** Node alone: parse the input file, stringify an object of the given output's shape and size. */
function baselineFor(output: unknown): () => string {
  return () => {
    JSON.parse(readFileSync(issuesPath, 'utf8'));
    return JSON.stringify(output, null, 2);
  };
}
const nodeBaseline = baselineFor(outputObject);
if (nodeBaseline().length + 1 !== outputText.length) {
  throw new Error('the baseline output is not the size of keyrank’s');
}

const ROUNDS = 5;
const baseline: number[] = [];
const keyrank: number[] = [];
const timed = (work: () => unknown, into: number[]): void => {
  gc?.();
  const start = performance.now();
  work();
  into.push(performance.now() - start);
};
timed(nodeBaseline, []);
timed(keyrankPlan, []);
for (let round = 0; round < ROUNDS; round++) {
  // Alternating, so load on a shared machine falls on both sides alike.
  timed(nodeBaseline, baseline);
  timed(keyrankPlan, keyrank);
}

// The yardstick: the least a program writing this JSON could do (bench/bare-plan.ts), against
// the same kind of baseline for its own output.
const moveCount = (outputObject as { moves: unknown[] }).moves.length;
const bareText = barePlan(issuesPath, moveCount);
const bareBaseline = baselineFor(JSON.parse(bareText));
const bare: number[] = [];
const bareAgainst: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  timed(bareBaseline, bareAgainst);
  timed(() => barePlan(issuesPath, moveCount), bare);
}

// As a person runs it: the built binary in its own process, output to a file.
const binary = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const processRuns: number[] = [];
const nodeStarts: number[] = [];
if (existsSync(binary)) {
  const outPath = join(dir, 'plan.json');
  for (let round = 0; round < 3; round++) {
    const out = openSync(outPath, 'w');
    let start = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        binary,
        'plan',
        '--okrs',
        okrsPath,
        '--issues',
        issuesPath,
        '--as-of',
        AS_OF,
        '--format',
        'json',
      ],
      { stdio: ['ignore', out, 'ignore'] },
    );
    processRuns.push(performance.now() - start);
    closeSync(out);
    if (run.status !== 0) {
      throw new Error(`dist/cli/main.js plan exited with ${run.status ?? run.signal}`);
    }
    start = performance.now();
    spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
    nodeStarts.push(performance.now() - start);
  }
}

// Where keyrank's time goes, phase by phase (same functions, timed one at a time).
const phases = new Map<string, number[]>();
const phase = <T>(name: string, work: () => T): T => {
  const start = performance.now();
  const value = work();
  const list = phases.get(name) ?? [];
  list.push(performance.now() - start);
  phases.set(name, list);
  return value;
};
for (let round = 0; round < ROUNDS; round++) {
  gc?.();
  const okrText = phase('read', () => readTextFile(okrsPath));
  const text = phase('read', () => readTextFile(issuesPath));
  const okrFile = phase('okrs', () => parseOkrFile(okrText));
  if (!okrFile.ok) {
    throw new Error('the synthetic OKR file does not parse');
  }
  const backlog = phase('validate', () => readBacklog('backlog.json', text));
  if (!backlog.ok) {
    throw new Error(backlog.problem);
  }
  const { issues: snapshots } = backlog.backlog;
  const okrs = phase('check-ins', () =>
    withCheckIns(okrFile.okrs, linkedDoneCheckIns(okrFile.okrs, snapshots, AS_OF)),
  );
  const planned = phase('plan', () =>
    plan({ okrs, issues: snapshots, settings: okrFile.settings, asOf: AS_OF }),
  );
  const suggestions = phase('suggest', () => suggestKeyResults(planned, okrs));
  const json = phase('build JSON', () =>
    planToJson(planned, keyResultReports(okrs, AS_OF, okrFile.settings), suggestions),
  );
  phase('stringify', () => terminalJson(json));
  // The baseline's two halves, for comparison with validate (which parses) and stringify.
  gc?.();
  phase('Node parse', (): unknown => JSON.parse(readFileSync(issuesPath, 'utf8')));
  phase('Node stringify', () => JSON.stringify(outputObject, null, 2));
}
rmSync(dir, { recursive: true, force: true });

const ratio = median(keyrank) / median(baseline);
console.log(
  `  end to end  keyrank plan --format json: ${mb(issuesText.length)} in, ${mb(outputText.length)} out`,
);
console.log(
  `              keyrank median ${ms(median(keyrank))} · Node JSON.parse + JSON.stringify median ${ms(median(baseline))} (${ROUNDS} runs each, alternating)`,
);
console.log(
  `              ratio ${ratio.toFixed(2)}× (goal ≤ ${RATIO_GOAL}×) ${ratio <= RATIO_GOAL ? 'met' : 'not met'}`,
);
const bareRatio = median(bare) / median(bareAgainst);
console.log(
  `  yardstick   a bare pipeline (type checks, RICE × links, one sort, the same fields; bench/bare-plan.ts): ${ms(median(bare))} against its own baseline ${ms(median(bareAgainst))}, ratio ${bareRatio.toFixed(2)}×`,
);
console.log(
  processRuns.length > 0
    ? `  as a process node dist/cli/main.js plan --format json > file: median ${ms(median(processRuns))} (Node's own start-up ${ms(median(nodeStarts))}; 3 runs)`
    : '  as a process (no dist/cli/main.js: run npm run build first)',
);
const phaseText = (names: string[]): string =>
  names.map((name) => `${name} ${ms(median(phases.get(name) ?? []))}`).join(' · ');
const baselineParts = ['Node parse', 'Node stringify'];
console.log(
  `              keyrank phases (medians): ${phaseText([...phases.keys()].filter((name) => !baselineParts.includes(name)))}`,
);
console.log(`              baseline phases (medians): ${phaseText(baselineParts)}`);
console.log(
  `  machine     load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end, ${cpus().length} cores`,
);
