import '../../ui/install-bridge';
import * as React from 'react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../../../src/contract/panel';
import type { ResolverResult } from '../../../../src/contract/result';
import { IssuePanelView } from '../../../../src/jira/pages/panel/issue-panel-view';
import { ALICE, GOOD_RICE, startHarness, type Harness } from '../../harness';
import { bridgeCalls } from '../../ui/install-bridge';
import { findAll, renderUiKit, textOf } from '../../ui/render-ui-kit';
import { FIELD, type IssueSeed } from '../../local-jira/jira-state';
import { callPanel, panelWrites } from './panel-call';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

/** What the project already links: the suggester's documents. ENG-4 is done and still teaches. */
const LINKED: IssueSeed[] = [
  {
    key: 'ENG-2',
    summary: 'Template gallery search',
    description: 'Search the template gallery by name and tag.',
    keyResults: ['O2-KR1'],
    rice: GOOD_RICE,
  },
  { key: 'ENG-3', summary: 'Share templates by link', keyResults: ['O2-KR1'], rice: GOOD_RICE },
  {
    key: 'ENG-4',
    summary: 'NPS survey in the app',
    description: 'Ask agencies for their NPS after onboarding.',
    keyResults: ['O1-KR1'],
    status: 'done',
  },
];
/** Its title alone fits nothing: the suggestion comes from the description. */
const FITS: IssueSeed = {
  key: 'ENG-1',
  summary: 'Filters',
  description: 'Filter the template gallery by category.',
  labels: ['icebox'],
};
const FITS_NOTHING: IssueSeed = {
  key: 'ENG-1',
  summary: 'Refactor logging pipeline',
  description: 'Move logs to structured JSON.',
};

async function panelOf(harness: Harness, accountId = ALICE): Promise<PanelData> {
  const answer = await callPanel<PanelData>(harness, 'panel/get', {}, accountId);
  if (!answer.ok) {
    throw new Error(answer.error.message);
  }
  return answer.data;
}

describe('issue panel: KR suggestions with one-click linking, against the local Jira', () => {
  it('suggests the key result an Icebox issue fits, with its score and a reason to check', async () => {
    h = await startHarness([FITS, ...LINKED]);
    const data = await panelOf(h);
    expect(data.verdict.icebox).toBe(true);
    expect(data.suggestions).toHaveLength(1);
    expect(data.suggestions[0]).toMatchObject({
      kr: 'O2-KR1',
      title: 'Template usage growth MoM',
      objectiveId: 'O2',
      reason: 'shares: template, gallery · like ENG-2, ENG-3',
    });
    expect(data.suggestions[0]?.score).toBeGreaterThanOrEqual(0.5);
    expect(data.suggestions[0]?.score).toBeLessThanOrEqual(1);

    // Cost: field ids, the issue, Edit issues, and one search of the project's linked issues.
    expect(h.jira.requests.map((r) => [r.endpoint, r.provider])).toEqual([
      ['GET /rest/api/3/field', 'app'],
      ['GET /rest/api/3/issue/{issueIdOrKey}', 'user'],
      ['GET /rest/api/3/mypermissions', 'user'],
      ['POST /rest/api/3/search/jql', 'user'],
    ]);
    const search = h.jira.requests.at(-1)?.body as {
      jql: string;
      fields: string[];
      maxResults: number;
    };
    expect(search.jql).toBe('project = "ENG" AND cf[10101] IS NOT EMPTY ORDER BY updated DESC');
    expect(search.fields).toContain('description');
    expect(search.maxResults).toBe(100);
    expect(panelWrites(h)).toEqual([]);
  });

  it('links a suggestion as the user, then the verdict leaves the Icebox', async () => {
    h = await startHarness([FITS, ...LINKED]);
    await panelOf(h);
    h.jira.requests.length = 0;
    const answer = await callPanel<PanelData>(h, 'panel/linkSuggestion', { krId: 'O2-KR1' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) {
      return;
    }
    expect(answer.data.linked).toEqual(['O2-KR1']);
    expect(answer.data.verdict.icebox).toBe(false);
    expect(answer.data.suggestions).toEqual([]);
    expect(panelWrites(h).map((r) => [r.provider, r.accountId, r.body])).toEqual([
      ['user', ALICE, { fields: { [FIELD.keyResults]: ['O2-KR1'] } }],
      ['app', '', { update: { labels: [{ remove: 'icebox' }] } }],
    ]);
    expect(h.jira.state.get('ENG-1')?.keyResults).toEqual(['O2-KR1']);
    expect(h.jira.state.get('ENG-1')?.labels).toEqual([]);
    // An issue out of the Icebox needs no suggestions: no linked-issue search after the link.
    expect(h.jira.count('POST /rest/api/3/search/jql')).toBe(0);
  });

  it('refuses a user without Edit issues with a sentence, and writes nothing', async () => {
    h = await startHarness([FITS, ...LINKED]);
    h.jira.state.deny('user-bob', ['EDIT_ISSUES']);
    const data = await panelOf(h, 'user-bob');
    // Bob still sees the suggestion (a read), but may not act on it.
    expect(data.suggestions.map((s) => s.kr)).toEqual(['O2-KR1']);
    expect(data.canEdit).toBe(false);
    h.jira.requests.length = 0;
    const answer = await callPanel<PanelData>(
      h,
      'panel/linkSuggestion',
      { krId: 'O2-KR1' },
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
    expect(h.jira.requests.map((r) => r.endpoint)).toEqual(['GET /rest/api/3/mypermissions']);
    expect(h.jira.state.get('ENG-1')?.keyResults).toBeNull();
  });

  it('suggests nothing when nothing fits, and reads no linked issues for an issue out of the Icebox', async () => {
    h = await startHarness([FITS_NOTHING, ...LINKED]);
    const data = await panelOf(h);
    expect(data.verdict.icebox).toBe(true);
    expect(data.suggestions).toEqual([]);

    await h.close();
    h = await startHarness([{ ...FITS, keyResults: ['O1-KR2'], rice: GOOD_RICE }, ...LINKED]);
    const linked = await panelOf(h);
    expect(linked.verdict.icebox).toBe(false);
    expect(linked.suggestions).toEqual([]);
    expect(h.jira.count('POST /rest/api/3/search/jql')).toBe(0);
  });

  it('refuses a key result that is not active, before any write', async () => {
    h = await startHarness([FITS, ...LINKED]);
    const answer = await callPanel<PanelData>(h, 'panel/linkSuggestion', { krId: 'O0-KR1' });
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.kind).toBe('invalid-input');
    expect(!answer.ok && answer.error.message).toBe(
      'O0-KR1 is not a key result of an active objective',
    );
    const empty = await callPanel<PanelData>(h, 'panel/linkSuggestion', { krId: ' ' });
    expect(!empty.ok && empty.error.kind).toBe('invalid-input');
    expect(panelWrites(h)).toEqual([]);
  });
});

const act = (React as unknown as { unstable_act: (work: () => Promise<void>) => Promise<void> })
  .unstable_act;

describe('issue panel view: suggestions', () => {
  it('shows the suggestion with score and reason; "Link to O2-KR1" saves it and refreshes the verdict', async () => {
    h = await startHarness([FITS, ...LINKED]);
    const data = await panelOf(h);
    let linked: Promise<ResolverResult<PanelData>> | undefined;
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data,
        onSave: () => Promise.reject(new Error('not clicked')),
        onLinkSuggestion: (payload) => {
          linked = callPanel<PanelData>(h!, 'panel/linkSuggestion', { ...payload });
          return linked;
        },
      }),
    );
    const text = textOf(doc);
    expect(text).toContain('Suggested key results');
    expect(text).toContain('O2-KR1 · Template usage growth MoM (O2)');
    expect(text).toMatch(/Fit 0\.\d\d · shares: template, gallery · like ENG-2, ENG-3/);
    const button = findAll(doc, 'Button').find((b) => textOf(b) === 'Link to O2-KR1');
    expect(button?.props?.['isDisabled']).toBe(false);

    await act(async () => {
      (button?.props?.['onClick'] as () => void)();
      expect((await linked)?.ok).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    });
    const after = bridgeCalls.filter((c) => c.cmd === 'reconcile').at(-1)?.data.forgeDoc;
    if (after === undefined) {
      throw new Error('no document rendered');
    }
    const afterText = textOf(after);
    expect(afterText).not.toContain('Suggested key results');
    expect(afterText).not.toContain('Why this issue is in the Icebox');
    const krs = findAll(after, 'Select')[0];
    expect((krs?.props?.['value'] as { value: string }[]).map((o) => o.value)).toEqual(['O2-KR1']);
  });

  it('says plainly when nothing fits, and disables linking for a user who may not edit', async () => {
    h = await startHarness([FITS_NOTHING, ...LINKED]);
    const none = await renderUiKit(
      createElement(IssuePanelView, {
        data: await panelOf(h),
        onSave: () => Promise.reject(new Error('no')),
        onLinkSuggestion: () => Promise.reject(new Error('no')),
      }),
    );
    expect(textOf(none)).toContain(
      'No active key result fits this issue well enough to suggest one',
    );
    expect(findAll(none, 'Button').filter((b) => textOf(b).startsWith('Link to'))).toEqual([]);

    await h.close();
    h = await startHarness([FITS, ...LINKED]);
    h.jira.state.deny('user-bob', ['EDIT_ISSUES']);
    const readOnly = await renderUiKit(
      createElement(IssuePanelView, {
        data: await panelOf(h, 'user-bob'),
        onSave: () => Promise.reject(new Error('no')),
        onLinkSuggestion: () => Promise.reject(new Error('no')),
      }),
    );
    const button = findAll(readOnly, 'Button').find((b) => textOf(b) === 'Link to O2-KR1');
    expect(button?.props?.['isDisabled']).toBe(true);
  });
});
