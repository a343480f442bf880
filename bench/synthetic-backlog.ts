import { stringify } from 'yaml';
import type { IssueSnapshot, Okrs } from '../src/core/index';

/** A deterministic pseudo-random source, so every bench run plans the same backlog. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `objectives` objectives × `krsPerObjective` KRs in 2026-Q4, one of them a past quarter. */
export function syntheticOkrs(objectives: number, krsPerObjective: number): Okrs {
  const random = seeded(7);
  return {
    objectives: Array.from({ length: objectives }, (_, o) => {
      const period =
        o === 0
          ? { label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' }
          : { label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
      return {
        id: `O${o + 1}`,
        title: `Objective ${o + 1}`,
        period,
        weight: 1 + (o % 3),
        keyResults: Array.from({ length: krsPerObjective }, (_, k) => ({
          id: `O${o + 1}-KR${k + 1}`,
          title: `Key result ${k + 1} of objective ${o + 1}`,
          objectiveId: `O${o + 1}`,
          baseline: 0,
          target: 100,
          current: Math.round(random() * 100),
          deadline: period.end,
          progress: { source: 'manual' as const },
          checkIns: [],
          weight: 1,
        })),
      };
    }),
  };
}

/** The same OKRs as an OKR file (YAML), for benches that run what `keyrank plan` runs. */
export function syntheticOkrFile(okrs: Okrs): string {
  return stringify({
    objectives: okrs.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      period: { start: o.period.start, end: o.period.end },
      weight: o.weight,
      keyResults: o.keyResults.map((kr) => ({
        id: kr.id,
        title: kr.title,
        baseline: kr.baseline,
        target: kr.target,
        current: kr.current,
        deadline: kr.deadline,
        weight: kr.weight,
      })),
    })),
  });
}

const IMPACTS = [0.25, 0.5, 1, 2, 3];
const CONFIDENCES = [50, 80, 100];

/** A backlog in random current order: ~10% BAU, ~10% started, ~20% unlinked, some bad RICE. */
export function syntheticBacklog(size: number, okrs: Okrs, seed = 42): IssueSnapshot[] {
  const random = seeded(seed);
  const krIds = okrs.objectives.flatMap((o) => o.keyResults.map((kr) => kr.id));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: size }, (_, i) => {
    const roll = random();
    const links = roll < 0.2 ? [] : roll < 0.9 ? [pick(krIds)] : [pick(krIds), pick(krIds)];
    return {
      key: `ENG-${i + 1}`,
      title: `Synthetic issue ${i + 1}`,
      type: random() < 0.07 ? 'Bug' : 'Story',
      status: random() < 0.1 ? 'in_progress' : random() < 0.5 ? 'backlog' : 'todo',
      labels: random() < 0.03 ? ['tech-debt'] : [],
      keyResults: links,
      rice:
        random() < 0.05
          ? { reach: Math.round(random() * 5000) }
          : {
              reach: Math.round(random() * 5000),
              impact: pick(IMPACTS),
              confidence: pick(CONFIDENCES),
              effort: 0.5 + Math.round(random() * 16) / 2,
            },
      estimate: random() < 0.5 ? 1 + Math.floor(random() * 8) : undefined,
      sprint: random() < 0.02 ? pick(['Sprint 12', 'Sprint 13']) : undefined,
    };
  });
}
