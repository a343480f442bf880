import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../../../src/contract/panel';
import { GOOD_RICE, startHarness, type Harness } from '../../harness';
import { FIELD } from '../../local-jira/jira-state';
import { callPanel, panelWrites } from './panel-call';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

describe('issue panel resolvers', () => {
  it('offers the active key results with objective, baseline → target and progress', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    const answer = await callPanel<PanelData>(h, 'panel/get', {});
    expect(answer.ok).toBe(true);
    if (!answer.ok) {
      return;
    }
    expect(answer.data.choices.map((c) => c.id)).toEqual(['O1-KR1', 'O1-KR2', 'O2-KR1']);
    expect(answer.data.choices[0]).toMatchObject({
      objectiveId: 'O1',
      baseline: 40,
      target: 55,
      current: 44,
      progress: 4 / 15,
    });
    expect(answer.data.canEdit).toBe(true);
    expect(answer.data.verdict.icebox).toBe(true);
    expect(answer.data.verdict.iceboxReason).toContain('link it to an active key result');
    expect(
      h.jira.requests.find((r) => r.endpoint === 'GET /rest/api/3/issue/{issueIdOrKey}')?.provider,
    ).toBe('user');
  });

  it('tags an issue: saves KRs and RICE as the user, then scores and un-iceboxes it as the app', async () => {
    h = await startHarness([{ key: 'ENG-1', labels: ['icebox'] }]);
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O1-KR1', 'O2-KR1'],
      rice: { reach: '1,200', impact: '2', confidence: '80%', effort: '3' },
    });
    expect(answer.ok).toBe(true);
    const issue = h.jira.state.get('ENG-1');
    expect(issue?.keyResults).toEqual(['O1-KR1', 'O2-KR1']);
    expect(issue?.rice).toEqual({ reach: 1200, impact: 2, confidence: 80, effort: 3 });
    expect(issue?.labels).toEqual([]);
    expect(issue?.score).toBeGreaterThan(0);
    const edit = h.jira.requests.find(
      (r) => r.endpoint === 'PUT /rest/api/3/issue/{issueIdOrKey}' && r.provider === 'user',
    );
    expect(edit?.accountId).toBe('user-alice');
    expect(edit?.body).toEqual({
      fields: {
        [FIELD.keyResults]: ['O1-KR1', 'O2-KR1'],
        [FIELD.rice]: { reach: 1200, impact: 2, confidence: 80, effort: 3 },
      },
    });
    if (answer.ok) {
      expect(answer.data.verdict.score).toBe(Math.round((issue?.score ?? 0) * 100) / 100);
      expect(answer.data.verdict.explanation).toMatch(/^RICE 1200 × 2 × 80% \/ 3 = 640 · O1-KR1 ×/);
      expect(answer.data.linked).toEqual(['O1-KR1', 'O2-KR1']);
    }
  });

  it('saves partial RICE and explains what the score still needs', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O1-KR2'],
      rice: { reach: '500', impact: '', confidence: '', effort: '' },
    });
    expect(answer.ok && answer.data.verdict.problems).toEqual([
      'needs RICE: impact, confidence, effort',
    ]);
    expect(h.jira.state.get('ENG-1')?.rice).toEqual({ reach: 500 });
    expect(h.jira.state.get('ENG-1')?.labels).toEqual([]);
  });

  it('answers a bad RICE value with a clear message and writes nothing', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O1-KR1'],
      rice: { reach: '800', impact: '4', confidence: '0.8', effort: '4' },
    });
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'Nothing was saved — fix these first:',
        problems: [
          'impact "4" is not accepted — use 0.25 (minimal), 0.5 (low), 1 (medium), 2 (high), 3 (massive)',
          'confidence is a percentage between 1 and 100 — did you mean 80?',
        ],
      },
    });
    expect(panelWrites(h)).toEqual([]);
    expect(h.jira.state.get('ENG-1')?.rice).toEqual(GOOD_RICE);
  });

  it('refuses an unknown or ended key result before writing', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O0-KR1', 'O9-KR1'],
      rice: { reach: '', impact: '', confidence: '', effort: '' },
    });
    expect(!answer.ok && answer.error.problems).toEqual([
      'O0-KR1 is not a key result of an active objective',
      'O9-KR1 is not a key result of an active objective',
    ]);
    expect(panelWrites(h)).toEqual([]);
  });

  it('refuses a user without edit permission, tells them so, and writes nothing', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    h.jira.state.deny('user-bob', ['EDIT_ISSUES']);
    const view = await callPanel<PanelData>(h, 'panel/get', {}, 'user-bob');
    expect(view.ok && view.data.canEdit).toBe(false);
    expect(view.ok && view.data.readOnlyReason).toBe(
      'You cannot edit ENG-1: Jira\'s "Edit issues" permission is needed — ask a project admin.',
    );
    const answer = await callPanel<PanelData>(
      h,
      'panel/save',
      { keyResults: ['O1-KR1'], rice: { reach: '1', impact: '1', confidence: '50', effort: '1' } },
      'user-bob',
    );
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'You cannot edit ENG-1: Jira\'s "Edit issues" permission is needed — ask a project admin.',
      },
    });
    expect(panelWrites(h)).toEqual([]);
    expect(h.jira.state.get('ENG-1')?.keyResults).toBeNull();
  });

  it('turns a 403 on the edit itself into the same message (permission changed meanwhile)', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    // mypermissions says yes, the edit says no: Jira is the authority.
    const original = h.deps.user.hasPermission.bind(h.deps.user);
    h.deps.user.hasPermission = async (permission, scope) => {
      const may = await original(permission, scope);
      h?.jira.state.deny('user-alice', ['EDIT_ISSUES']);
      return may;
    };
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O1-KR1'],
      rice: { reach: '1', impact: '1', confidence: '50', effort: '1' },
    });
    expect(!answer.ok && answer.error.kind).toBe('forbidden');
    expect(h.jira.requests.filter((r) => r.status === 403)).toHaveLength(1);
    expect(h.jira.count('POST /rest/api/3/app/field/value')).toBe(0);
  });

  it('says what an admin must do when the fields are not on the edit screen', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    h.jira.state.fieldsOnScreen = false;
    const answer = await callPanel<PanelData>(h, 'panel/save', {
      keyResults: ['O1-KR1'],
      rice: { reach: '1', impact: '1', confidence: '50', effort: '1' },
    });
    expect(!answer.ok && answer.error.kind).toBe('invalid-input');
    expect(!answer.ok && answer.error.message).toBe(
      "Jira did not save ENG-1 — a Jira admin may need to add the Key Results and RICE fields to this project's edit screen",
    );
    expect(!answer.ok && answer.error.problems?.[0]).toContain('is not on the appropriate screen');
    expect(h.jira.count('POST /rest/api/3/app/field/value')).toBe(0);
  });

  it('answers with a typed error, not a throw, when the issue does not exist', async () => {
    h = await startHarness([]);
    const answer = await callPanel<PanelData>(h, 'panel/get', {});
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toEqual({
      kind: 'not-found',
      message: 'ENG-1 does not exist or you cannot see it',
    });
  });
});
