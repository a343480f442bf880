import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApplyRerankResult,
  RerankPreview,
  RoadmapData,
} from '../../../../src/contract/roadmap';
import { defineResolvers } from '../../../../src/jira/forge/define-resolvers';
import { roadmapHandlers } from '../../../../src/jira/pages/roadmap/roadmap-handlers';
import { ALICE, GOOD_RICE, startHarness, type Harness } from '../../harness';
import { invoke } from '../../invoke-resolver';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

/** ENG's backlog out of score order: ENG-2 (higher score) ranks below ENG-1. */
const SEEDS = [
  { key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE },
  { key: 'ENG-2', keyResults: ['O1-KR1'], rice: { ...GOOD_RICE, reach: 8000 } },
  { key: 'SECRET-1', keyResults: ['O1-KR1'], rice: GOOD_RICE },
];

const roadmap = (harness: Harness) => defineResolvers(roadmapHandlers(), () => harness.deps);
const onProject = (harness: Harness, project = 'ENG') => ({
  runtime: harness.runtime,
  accountId: ALICE,
  context: { extension: { project: { key: project } } },
});

async function previewOf(harness: Harness): Promise<RerankPreview> {
  const preview = await invoke<RerankPreview>(
    roadmap(harness),
    'roadmap/previewRerank',
    {},
    onProject(harness),
  );
  if (!preview.ok) {
    throw new Error(preview.error.message);
  }
  return preview.data;
}

describe('roadmap resolvers: who may do what', () => {
  it('applying a re-rank without Schedule Issues is refused before any read or write', async () => {
    h = await startHarness(SEEDS);
    const preview = await previewOf(h);
    h.jira.state.deny(ALICE, ['SCHEDULE_ISSUES'], 'ENG');
    h.jira.requests.length = 0;
    const batch = preview.batches[0];
    const answer = await invoke<ApplyRerankResult>(
      roadmap(h),
      'roadmap/applyRerank',
      { projectKey: 'ENG', expectedOrder: preview.order, batch },
      onProject(h),
    );
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'You cannot rank issues in ENG: Jira\'s "Schedule issues" permission is needed — ask a project admin.',
      },
    });
    expect(h.jira.requests.map((r) => [r.endpoint, r.provider, r.query.toString()])).toEqual([
      ['GET /rest/api/3/mypermissions', 'user', 'projectKey=ENG&permissions=SCHEDULE_ISSUES'],
    ]);
    expect(h.jira.state.order('ENG')).toEqual(['ENG-1', 'ENG-2']);
  });

  it('with Schedule Issues the same step ranks, as the user', async () => {
    h = await startHarness(SEEDS);
    const preview = await previewOf(h);
    const answer = await invoke<ApplyRerankResult>(
      roadmap(h),
      'roadmap/applyRerank',
      { projectKey: 'ENG', expectedOrder: preview.order, batch: preview.batches[0] },
      onProject(h),
    );
    expect(answer.ok).toBe(true);
    expect(h.jira.state.order('ENG')).toEqual(['ENG-2', 'ENG-1']);
    const rank = h.jira.requests.filter((r) => r.endpoint === 'PUT /rest/agile/1.0/issue/rank');
    expect(rank.map((r) => [r.provider, r.accountId])).toEqual([['user', ALICE]]);
  });

  it('the context’s project wins over the payload’s, so a page cannot rank another project', async () => {
    h = await startHarness(SEEDS);
    h.jira.state.deny(ALICE, ['SCHEDULE_ISSUES'], 'SECRET');
    const answer = await invoke(
      roadmap(h),
      'roadmap/applyRerank',
      {
        projectKey: 'SECRET',
        expectedOrder: ['SECRET-1'],
        batch: { issues: ['SECRET-1'], anchor: { before: 'SECRET-1' } },
      },
      onProject(h, 'SECRET'),
    );
    expect(!answer.ok && answer.error.kind).toBe('forbidden');
  });

  it.each(['roadmap/get', 'roadmap/previewRerank'])(
    '%s of a project the user cannot browse is refused, with nothing read as the app',
    async (key) => {
      h = await startHarness(SEEDS);
      h.jira.state.deny(ALICE, ['BROWSE_PROJECTS'], 'SECRET');
      const answer = await invoke(roadmap(h), key, {}, onProject(h, 'SECRET'));
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'forbidden',
          message:
            'You cannot see the SECRET project: Jira\'s "Browse projects" permission is needed — ask a project admin.',
        },
      });
      expect(h.jira.requests.filter((r) => r.provider !== 'user')).toEqual([]);
    },
  );

  it('the global roadmap reads only the projects the user can browse', async () => {
    h = await startHarness(SEEDS);
    h.jira.state.deny(ALICE, ['BROWSE_PROJECTS'], 'SECRET');
    const answer = await invoke<RoadmapData>(
      roadmap(h),
      'roadmap/get',
      {},
      {
        runtime: h.runtime,
        accountId: ALICE,
      },
    );
    expect(answer.ok && answer.data.projectKeys).toEqual(['ENG']);
    const listed = answer.ok
      ? answer.data.objectives.flatMap((o) => o.keyResults.flatMap((kr) => kr.issues))
      : [];
    expect(listed.map((i) => i.key)).not.toContain('SECRET-1');
  });

  it('linking an Icebox issue without Edit Issues is refused and writes nothing', async () => {
    h = await startHarness([{ key: 'ENG-6', labels: ['icebox'] }]);
    h.jira.state.deny(ALICE, ['EDIT_ISSUES'], 'ENG');
    const answer = await invoke(
      roadmap(h),
      'roadmap/linkIcebox',
      { issueKey: 'ENG-6', krId: 'O1-KR1' },
      onProject(h),
    );
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'You cannot edit ENG-6: Jira\'s "Edit issues" permission is needed — ask a project admin.',
      },
    });
    expect(h.jira.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a rank step with the wrong shape names the fields and sends nothing to Jira', async () => {
    h = await startHarness(SEEDS);
    const answer = await invoke(
      roadmap(h),
      'roadmap/applyRerank',
      { expectedOrder: 'ENG-1', batch: { issues: [], anchor: { above: 'ENG-1' } } },
      onProject(h),
    );
    expect(!answer.ok && answer.error.kind).toBe('invalid-input');
    expect(!answer.ok && answer.error.problems?.map((p) => p.split(':')[0])).toEqual([
      'expectedOrder',
      'batch.issues',
      'batch.anchor',
    ]);
    expect(h.jira.requests).toEqual([]);
  });
});
