import { afterEach, describe, expect, it } from 'vitest';
import type { LinkIceboxResult, RoadmapData } from '../../../../src/contract/roadmap';
import { defineResolvers } from '../../../../src/jira/forge/define-resolvers';
import { roadmapHandlers } from '../../../../src/jira/pages/roadmap/roadmap-handlers';
import { ROADMAP_OKRS, ROADMAP_SEEDS } from '../../../roadmap/fixtures';
import { ALICE, startHarness, type Harness } from '../../harness';
import { invoke } from '../../invoke-resolver';
import { FIELD } from '../../local-jira/jira-state';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const roadmap = (harness: Harness) => defineResolvers(roadmapHandlers(), () => harness.deps);
const caller = (harness: Harness, extension: Record<string, unknown>) => ({
  runtime: harness.runtime,
  accountId: ALICE,
  context: { extension },
});
const ON_ENG = { project: { key: 'ENG' } };

async function roadmapOf(harness: Harness, extension: Record<string, unknown> = ON_ENG) {
  const answer = await invoke<RoadmapData>(
    roadmap(harness),
    'roadmap/get',
    {},
    caller(harness, extension),
  );
  if (!answer.ok) {
    throw new Error(answer.error.message);
  }
  return answer.data;
}

describe('roadmap Icebox: suggestions and linking several issues, against the local Jira', () => {
  it('gives each Icebox issue its suggestions, learnt from the backlog already read', async () => {
    h = await startHarness(ROADMAP_SEEDS, { okrFile: ROADMAP_OKRS });
    const data = await roadmapOf(h);
    const byKey = new Map(data.icebox.map((e) => [e.key, e.suggestions]));
    expect([...byKey.keys()]).toEqual(['ENG-6', 'ENG-7', 'ENG-11']);
    expect(byKey.get('ENG-11')).toEqual([
      {
        kr: 'O2-KR1',
        title: 'Template usage growth MoM',
        objectiveId: 'O2',
        score: 0.63,
        reason: 'shares: gallery, template, link · like ENG-1, ENG-5',
      },
      {
        kr: 'O2-KR2',
        title: 'Agencies using 3+ templates',
        objectiveId: 'O2',
        score: 0.53,
        reason: 'shares: template, link, share · like ENG-5, ENG-9',
      },
    ]);
    // Nothing relevant enough: no suggestion rather than a wrong one.
    expect(byKey.get('ENG-6')).toEqual([]);
    // The suggestions cost no request: the one backlog search, with descriptions. (The second
    // permission check asks whether to offer check-ins, in parallel with the reads.)
    expect(h.jira.requests.map((r) => r.endpoint).sort()).toEqual([
      'GET /rest/api/3/field',
      'GET /rest/api/3/mypermissions',
      'GET /rest/api/3/mypermissions',
      'POST /rest/api/3/search/jql',
    ]);
    const search = h.jira.requests.find((r) => r.endpoint === 'POST /rest/api/3/search/jql');
    expect((search?.body as { fields: string[] }).fields).toContain('description');
  });

  it('links selected issues one by one as the user; a refused one is reported, the rest go ahead', async () => {
    h = await startHarness(ROADMAP_SEEDS, { okrFile: ROADMAP_OKRS });
    h.jira.state.deny(ALICE, ['EDIT_ISSUES'], 'OPS');
    const data = await roadmapOf(h, {});
    const keys = data.icebox.map((e) => e.key);
    expect(keys).toEqual(['ENG-6', 'ENG-7', 'ENG-11', 'OPS-2']);
    h.jira.requests.length = 0;

    // What the page does for "select all → O2-KR3 → Link 4 selected": one call per issue.
    const answers = [];
    for (const issueKey of ['OPS-2', 'ENG-6', 'ENG-11']) {
      answers.push(
        await invoke<LinkIceboxResult>(
          roadmap(h),
          'roadmap/linkIcebox',
          { issueKey, krId: 'O2-KR3' },
          caller(h, {}),
        ),
      );
    }
    expect(answers[0]).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'You cannot edit OPS-2: Jira\'s "Edit issues" permission is needed — ask a project admin.',
      },
    });
    expect(answers.slice(1)).toEqual([
      { ok: true, data: { issueKey: 'ENG-6', keyResults: ['O2-KR3'], icebox: false } },
      { ok: true, data: { issueKey: 'ENG-11', keyResults: ['O2-KR3'], icebox: false } },
    ]);
    const edits = h.jira.requests.filter(
      (r) => r.endpoint === 'PUT /rest/api/3/issue/{issueIdOrKey}',
    );
    expect(edits.map((r) => [r.path.split('/').at(-1), r.provider, r.body])).toEqual([
      ['ENG-6', 'user', { fields: { [FIELD.keyResults]: ['O2-KR3'] } }],
      ['ENG-6', 'app', { update: { labels: [{ remove: 'icebox' }] } }],
      ['ENG-11', 'user', { fields: { [FIELD.keyResults]: ['O2-KR3'] } }],
    ]);
    // One link: Edit issues, the issue read and the edit as the user, then the app's re-read;
    // a score write and the icebox label removal only when they change something (ENG-11 has
    // no RICE, so no score, and no label).
    const eng11 = h.jira.requests.slice(
      h.jira.requests.findIndex((r) => r.query.get('issueKey') === 'ENG-11'),
    );
    expect(eng11.map((r) => `${r.provider} ${r.endpoint}`)).toEqual([
      'user GET /rest/api/3/mypermissions',
      'user GET /rest/api/3/issue/{issueIdOrKey}',
      'user PUT /rest/api/3/issue/{issueIdOrKey}',
      'app GET /rest/api/3/issue/{issueIdOrKey}',
    ]);
    expect(h.jira.state.get('OPS-2')?.keyResults).toBeNull();

    // The Icebox without them; OPS-2 stays, still with its reason.
    const after = await roadmapOf(h, {});
    expect(after.icebox.map((e) => e.key)).toEqual(['ENG-7', 'OPS-2']);
  });
});
