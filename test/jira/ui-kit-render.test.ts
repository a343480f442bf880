import { bridgeCalls } from './ui/install-bridge';
import * as React from 'react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { adminHandlers } from '../../src/jira/resolvers/admin-resolvers';
import { defineResolvers } from '../../src/jira/resolvers/define-resolvers';
import { invoke } from './invoke-resolver';
import { panelHandlers } from '../../src/jira/resolvers/panel-resolvers';
import { AdminPageView } from '../../src/jira/ui/admin-page-view';
import { IssuePanelView, riceMessages } from '../../src/jira/ui/issue-panel-view';
import type { AdminData, PanelData, ResolverResult } from '../../src/shared/contract';
import { GOOD_RICE, memoryQueue, startHarness, type Harness } from './harness';
import { findAll, renderUiKit, textOf } from './ui/render-ui-kit';

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
    const panel = defineResolvers(panelHandlers(() => h!.deps));
    const context = { extension: { issue: { key: 'ENG-1' } } };
    const answer = await invoke<PanelData>(panel, 'panel/get', {}, context);
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    let saved: Promise<ResolverResult<PanelData>> | undefined;
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data: answer.data,
        onSave: (payload) => {
          saved = invoke<PanelData>(panel, 'panel/save', { ...payload }, context);
          return saved;
        },
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
    h.jira.state.readOnlyUsers.add('user-bob');
    h.runtime.actAs('user-bob');
    const panel = defineResolvers(panelHandlers(() => h!.deps));
    const answer = await invoke<PanelData>(panel, 'panel/get', { issueKey: 'ENG-1' });
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const doc = await renderUiKit(
      createElement(IssuePanelView, {
        data: answer.data,
        onSave: () => Promise.reject(new Error('no')),
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

  it('admin page: KRs with progress, the OKR file, settings and reconcile progress', async () => {
    h = await startHarness([{ key: 'ENG-1' }]);
    const queue = memoryQueue();
    const admin = defineResolvers(
      adminHandlers(
        () => h!.deps,
        () => queue,
        () => 'job-9',
      ),
    );
    await invoke(admin, 'admin/reconcile-now', {});
    const answer = await invoke<AdminData>(admin, 'admin/get', {});
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const doc = await renderUiKit(
      createElement(AdminPageView, {
        data: answer.data,
        call: (key, payload) => invoke(admin, key, payload as Record<string, unknown>) as never,
      }),
    );
    const text = textOf(doc);
    expect(text).toContain('O2-KR1 · Template usage growth MoM (0 → 30 %, now 0, 0% done)');
    expect(text).toContain('Reconcile running: 0 of 1 projects, 0 issues read, 0 write requests');
    const area = findAll(doc, 'TextArea')[0];
    expect(String(area?.props?.['value'])).toContain('id: O1-KR1');
    expect(String(area?.props?.['value'])).toContain('iceboxLabel: icebox');
    expect(findAll(doc, 'Toggle').map((t) => t.props?.['isChecked'])).toEqual([true, true]);
  });

  it('admin page: a corrupt stored value is shown, not thrown', async () => {
    h = await startHarness([], { settings: { iceboxLabel: 'two words' } });
    const admin = defineResolvers(
      adminHandlers(
        () => h!.deps,
        () => memoryQueue(),
      ),
    );
    const answer = await invoke<AdminData>(admin, 'admin/get', {});
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    expect(answer.data.storageProblems).toEqual([
      'stored settings are invalid (iceboxLabel: must be one word (Jira labels cannot hold spaces)) — defaults are used until you save settings again',
    ]);
    const doc = await renderUiKit(
      createElement(AdminPageView, {
        data: answer.data,
        call: () => Promise.reject(new Error('unused')),
      }),
    );
    expect(textOf(doc)).toContain('Stored values need attention');
    expect(textOf(doc)).toContain('stored settings are invalid');
  });
});
