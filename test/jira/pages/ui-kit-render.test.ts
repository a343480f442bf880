import { bridgeCalls } from '../ui/install-bridge';
import * as React from 'react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../../src/contract/panel';
import type { ResolverResult } from '../../../src/contract/result';
import { defineResolvers } from '../../../src/jira/forge/define-resolvers';
import { IssuePanelView, riceMessages } from '../../../src/jira/pages/panel/issue-panel-view';
import { panelHandlers } from '../../../src/jira/pages/panel/panel-handlers';
import { ALICE, GOOD_RICE, startHarness, type Harness } from '../harness';
import { invoke } from '../invoke-resolver';
import { findAll, renderUiKit, textOf } from '../ui/render-ui-kit';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const act = (React as unknown as { unstable_act: (work: () => Promise<void>) => Promise<void> })
  .unstable_act;

describe('UI Kit components rendered with resolver data', () => {
  it('issue panel: score, explanation, KR picker with progress and the Intercom scales', async () => {
    h = await startHarness([{ key: 'ENG-1', keyResults: ['O1-KR1'], rice: GOOD_RICE }]);
    const panel = defineResolvers(panelHandlers(), () => h!.deps);
    const caller = {
      runtime: h.runtime,
      accountId: ALICE,
      context: { extension: { issue: { key: 'ENG-1' } } },
    };
    const answer = await invoke<PanelData>(panel, 'panel/get', {}, caller);
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    let saved: Promise<ResolverResult<PanelData>> | undefined;
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data: answer.data,
        onSave: (payload) => {
          saved = invoke<PanelData>(panel, 'panel/save', { ...payload }, caller);
          return saved;
        },
        onLinkSuggestion: () => Promise.reject(new Error('not clicked')),
      }),
    );
    const text = textOf(doc);
    expect(text).toContain(`OKR score ${answer.data.verdict.score}`);
    expect(text).toContain('RICE 800 × 2 × 80% / 4 = 320 · O1-KR1 ×');
    const [krs, impact, confidence] = findAll(doc, 'Select');
    const krOptions = krs?.props?.['options'] as { label: string; value: string }[];
    expect(krOptions.map((o) => o.value)).toEqual(['O1-KR1', 'O1-KR2', 'O2-KR1']);
    expect(krOptions[0]?.label).toBe(
      'O1-KR1 · Increase NPS (40 → 55, now 44, 27% done) — O1 Become the most user-friendly PM tool for creative agencies',
    );
    expect(krs?.props?.['value']).toEqual([krOptions[0]]);
    expect((impact?.props?.['options'] as { label: string }[]).map((o) => o.label)).toEqual([
      'Massive (3)',
      'High (2)',
      'Medium (1)',
      'Low (0.5)',
      'Minimal (0.25)',
    ]);
    expect(impact?.props?.['value']).toEqual({ label: 'High (2)', value: '2' });
    expect(confidence?.props?.['value']).toEqual({ label: 'Medium (80%)', value: '80' });
    expect(findAll(doc, 'ErrorMessage')).toEqual([]);

    // Typing a new reach and clicking Save goes through the real resolver and re-renders.
    const lastDoc = () => {
      const found = bridgeCalls.filter((c) => c.cmd === 'reconcile').at(-1)?.data.forgeDoc;
      if (found === undefined) {
        throw new Error('no document rendered');
      }
      return found;
    };
    const reach = findAll(doc, 'Textfield').find((t) =>
      String(t.props?.['id']).endsWith('keyrank-reach'),
    );
    await act(() => {
      (reach?.props?.['onChange'] as (event: unknown) => void)({ target: { value: '1600' } });
      return Promise.resolve();
    });
    const save = findAll(lastDoc(), 'Button').find((b) => textOf(b) === 'Save');
    expect(save?.props?.['isDisabled']).toBe(false);
    await act(async () => {
      (save?.props?.['onClick'] as () => void)();
      // Wait for the resolver's answer, then one turn for the view to take it.
      expect((await saved)?.ok).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(h.jira.count('PUT /rest/api/3/issue/{issueIdOrKey}')).toBe(1);
    const stored = h.jira.state.get('ENG-1');
    expect(stored?.rice).toEqual({ ...GOOD_RICE, reach: 1600 });
    // Twice the reach, twice the score.
    expect(stored?.score).toBeCloseTo(2 * (answer.data.verdict.score ?? 0), 1);
    expect(textOf(lastDoc())).toContain(`OKR score ${stored?.score}`);
  });

  it('issue panel: the Icebox reason, and the read-only notice for a user who may not edit', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    h.jira.state.deny('user-bob', ['EDIT_ISSUES']);
    const panel = defineResolvers(panelHandlers(), () => h!.deps);
    const answer = await invoke<PanelData>(
      panel,
      'panel/get',
      { issueKey: 'ENG-1' },
      { runtime: h.runtime, accountId: 'user-bob' },
    );
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data: answer.data,
        onSave: () => Promise.reject(new Error('no')),
        onLinkSuggestion: () => Promise.reject(new Error('no')),
      }),
    );
    const text = textOf(doc);
    expect(text).toContain('No OKR score');
    expect(text).toContain('Why this issue is in the Icebox');
    expect(text).toContain('serves no key result — link it to an active key result to take it out');
    expect(text).toContain('Read only');
    expect(text).toContain('You cannot edit ENG-1: Jira\'s "Edit issues" permission is needed');
    const save = findAll(doc, 'Button').find((b) => textOf(b) === 'Save');
    expect(save?.props?.['isDisabled']).toBe(true);
  });

  it('inline RICE messages come from the core rules', () => {
    expect(riceMessages({ reach: '-3', impact: '2', confidence: '0.8', effort: '' })).toEqual({
      reach: 'reach "-3" is not accepted — use a number ≥ 0 (people or events per period)',
      confidence: 'confidence is a percentage between 1 and 100 — did you mean 80?',
    });
  });
});
