import '../../ui/install-bridge';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../../../src/contract/panel';
import { appendCheckIn } from '../../../../src/jira/store/check-in-store';
import { IssuePanelView } from '../../../../src/jira/pages/panel/issue-panel-view';
import { GOOD_RICE, startHarness, type Harness } from '../../harness';
import { findAll, renderUiKit, textOf } from '../../ui/render-ui-kit';
import { callPanel } from './panel-call';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

/**
 * On 2026-11-15, 45 days into Q4, a straight line expects 49% everywhere. O1-KR1 is at risk
 * and its last check-in is 21 days old; O1-KR2 never had one and is behind; O2-KR1 is ahead and
 * fresh; O2-KR2 (linked-done) has not moved for 26 days; O0-KR1 belongs to an ended quarter.
 */
const OKRS = `period: 2026-Q4
objectives:
  - id: O1
    title: Become the most user-friendly PM tool for creative agencies
    keyResults:
      - id: O1-KR1
        title: Increase NPS
        baseline: 40
        target: 55
        owner: ana@example.com
        checkIns:
          - { date: 2026-10-25, value: 44 }
          - { date: 2026-11-20, value: 54, note: "dated after today, so not counted yet" }
      - { id: O1-KR2, title: Reduce agency churn, baseline: 10, target: 8.5 }
  - id: O2
    title: Make templates the front door
    owner: bob@example.com
    keyResults:
      - { id: O2-KR1, title: Template usage, baseline: 0, target: 30 }
      - { id: O2-KR2, title: Gallery work done, baseline: 0, target: 30, progress: { source: linked-done } }
  - id: O0
    title: Last quarter's bet
    period: 2026-Q3
    keyResults:
      - { id: O0-KR1, title: Ship the beta, baseline: 0, target: 1 }
`;

const LINKED = ['O1-KR1', 'O1-KR2', 'O2-KR1', 'O2-KR2', 'O0-KR1'];

async function panel(harness: Harness): Promise<PanelData> {
  const answer = await callPanel<PanelData>(harness, 'panel/get', {});
  if (!answer.ok) {
    throw new Error(answer.error.message);
  }
  return answer.data;
}

describe('issue panel: the linked key results a person should look at', () => {
  it('says which linked KR is behind, at risk or stale, and whom to ask', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: LINKED, rice: GOOD_RICE }], {
      okrFile: OKRS,
    });
    // Check-ins made in Jira count as much as the file's.
    await appendCheckIn(h.store, 'O2-KR1', { date: '2026-11-10', value: 20, source: 'manual' });
    await appendCheckIn(h.store, 'O2-KR2', {
      date: '2026-10-20',
      value: 15,
      source: 'linked-done',
    });
    const requestsBefore = h.jira.requests.length;
    const data = await panel(h);

    expect(data.linkedStanding).toEqual([
      {
        krId: 'O1-KR1',
        health: 'at-risk',
        stale: true,
        message:
          'O1-KR1 is at risk: 27% done, 49% expected, and has had no check-in for 21 days — ask its owner, ana@example.com',
      },
      {
        krId: 'O1-KR2',
        health: 'behind',
        stale: true,
        message:
          'O1-KR2 is behind: 0% done, 49% expected, and has had no check-in since its period began 45 days ago — no owner is named in the OKR file to ask',
      },
      {
        krId: 'O2-KR2',
        health: 'on-track',
        stale: true,
        message: 'O2-KR2 has not moved for 26 days — ask its owner, bob@example.com',
      },
    ]);
    // It costs no request: the standing comes from the stored OKRs and check-ins.
    expect(h.jira.requests.length - requestsBefore).toBe(3);

    // The picker shows each KR's value as of today, from its check-ins.
    const choice = (id: string) => data.choices.find((c) => c.id === id);
    expect(choice('O1-KR1')).toMatchObject({ current: 44, progress: 4 / 15 });
    expect(choice('O2-KR1')).toMatchObject({ current: 20, progress: 20 / 30 });
    expect(choice('O1-KR2')).toMatchObject({ current: 10, progress: 0 });

    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data,
        onSave: () => Promise.reject(new Error('not saved in this test')),
        onLinkSuggestion: () => Promise.reject(new Error('not linked in this test')),
      }),
    );
    const warning = findAll(doc, 'SectionMessage').find(
      (n) => n.props?.['title'] === 'Key results this issue serves need attention',
    );
    expect(warning).toBeDefined();
    expect(textOf(warning!).split('\n').slice(1)).toEqual(
      data.linkedStanding.map((s) => s.message),
    );
    // The picker's option names today's value.
    const picker = findAll(doc, 'Select')[0];
    const options = picker?.props?.['options'] as { label: string; value: string }[];
    expect(options.find((o) => o.value === 'O1-KR1')?.label).toContain(
      'O1-KR1 · Increase NPS (40 → 55, now 44, 27% done)',
    );
  });

  it('says nothing when every linked KR is on track and checked in', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O2-KR1'], rice: GOOD_RICE }], {
      okrFile: OKRS,
    });
    await appendCheckIn(h.store, 'O2-KR1', { date: '2026-11-10', value: 20, source: 'manual' });
    const data = await panel(h);
    expect(data.verdict.problems).toEqual([]);
    expect(data.linkedStanding).toEqual([]);
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data,
        onSave: () => Promise.reject(new Error('unused')),
        onLinkSuggestion: () => Promise.reject(new Error('unused')),
      }),
    );
    expect(textOf(doc)).not.toContain('need attention');
  });
});
