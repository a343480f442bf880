/**
 * `npm run bench`: plans a synthetic backlog of 100,000 issues over 50 key results and
 * prints wall time and memory. A benchmark, not a test: it prints figures and never fails
 * on them. Target on a 2-core machine: under 1 s and under 300 MB for the planning itself.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, plan } from '../src/core/index';
import { syntheticBacklog, syntheticOkrs } from './synthetic-backlog';

const ISSUES = 100_000;
const okrs = syntheticOkrs(10, 5);
const issues = syntheticBacklog(ISSUES, okrs);
const input = { okrs, issues, settings: DEFAULT_SETTINGS, asOf: '2026-11-15' };
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

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
  `  wall time   median ${runs[2]?.toFixed(0)} ms · best ${runs[0]?.toFixed(0)} ms · worst ${runs[4]?.toFixed(0)} ms (5 runs)`,
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
