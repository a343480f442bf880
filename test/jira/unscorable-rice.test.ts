import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../src/contract/panel';
import type { RoadmapData } from '../../src/contract/roadmap';
import { TOO_LARGE_TO_SCORE } from '../../src/core/index';
import { defineResolvers } from '../../src/jira/forge/define-resolvers';
import { panelHandlers } from '../../src/jira/pages/panel/panel-handlers';
import { roadmapHandlers } from '../../src/jira/pages/roadmap/roadmap-handlers';
import { syncBacklog } from '../../src/jira/sync/sync-backlog';
import { ALICE, GOOD_RICE, startHarness, type Harness } from './harness';
import { invoke } from './invoke-resolver';

/**
 * Each RICE number is finite, their score is not: 1e308 × 3 × 100% / 1e-308 overflows. It
 * once scored Infinity, which JSON turned into a silent `null` in Jira while the re-rank put
 * the issue first. Now it is a problem on the issue, written nowhere as a number.
 */
const HUGE = { reach: 1e308, impact: 3, confidence: 100, effort: 1e-308 };

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const SEEDS = [
  { key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE },
  { key: 'ENG-2', keyResults: ['O1-KR1'], rice: HUGE },
  { key: 'ENG-3', keyResults: ['O1-KR1'], rice: { ...GOOD_RICE, reach: 1600 } },
];

describe('RICE whose score is not a finite number', () => {
  it('reconcile writes only finite scores, leaves it unscored and does not rank it first', async () => {
    h = await startHarness(SEEDS);
    await syncBacklog(h.deps, 'ENG');
    const written = h.jira.requests
      .filter((r) => r.endpoint === 'POST /rest/api/3/app/field/value')
      .flatMap((r) => (r.body as { updates: { issueIds: number[]; value: unknown }[] }).updates);
    expect(written.length).toBeGreaterThan(0);
    for (const update of written) {
      expect(update.value === null || Number.isFinite(update.value)).toBe(true);
    }
    expect(h.jira.state.get('ENG-2')?.score).toBeNull();
    expect(h.jira.state.get('ENG-3')?.score).toBeGreaterThan(h.jira.state.get('ENG-1')?.score ?? 0);
    expect(h.jira.state.order('ENG')).toEqual(['ENG-3', 'ENG-1', 'ENG-2']);
  });

  it('the panel shows the problem instead of a score', async () => {
    h = await startHarness(SEEDS);
    const panel = defineResolvers(panelHandlers(), () => h!.deps);
    const answer = await invoke<PanelData>(
      panel,
      'panel/get',
      {},
      {
        runtime: h.runtime,
        accountId: ALICE,
        context: { extension: { issue: { key: 'ENG-2' } } },
      },
    );
    expect(answer.ok && answer.data.verdict.score).toBeNull();
    expect(answer.ok && answer.data.verdict.problems).toEqual([TOO_LARGE_TO_SCORE]);
  });

  it('the panel refuses to save such RICE, saying why', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    const panel = defineResolvers(panelHandlers(), () => h!.deps);
    const answer = await invoke<PanelData>(
      panel,
      'panel/save',
      {
        keyResults: ['O1-KR1'],
        rice: { reach: '1e308', impact: '3', confidence: '100', effort: '1e-308' },
      },
      { runtime: h.runtime, accountId: ALICE, context: { extension: { issue: { key: 'ENG-1' } } } },
    );
    expect(!answer.ok && answer.error.problems).toEqual([TOO_LARGE_TO_SCORE]);
    expect(h.jira.state.get('ENG-1')?.rice).toEqual(GOOD_RICE);
  });

  it('the roadmap lists it unscored, last under its KR, with the problem', async () => {
    h = await startHarness(SEEDS);
    const roadmap = defineResolvers(roadmapHandlers(), () => h!.deps);
    const answer = await invoke<RoadmapData>(
      roadmap,
      'roadmap/get',
      {},
      {
        runtime: h.runtime,
        accountId: ALICE,
        context: { extension: { project: { key: 'ENG' } } },
      },
    );
    const kr = answer.ok
      ? answer.data.objectives.flatMap((o) => o.keyResults).find((k) => k.id === 'O1-KR1')
      : undefined;
    expect(kr?.issues.map((i) => [i.key, i.score === null])).toEqual([
      ['ENG-3', false],
      ['ENG-1', false],
      ['ENG-2', true],
    ]);
    expect(kr?.issues[2]?.problems).toEqual([TOO_LARGE_TO_SCORE]);
  });
});
