import { afterEach, describe, expect, it } from 'vitest';
import type { AdminData } from '../../../../src/contract/admin';
import { STORE_KEYS } from '../../../../src/jira/store/workspace-store';
import { OKR_FILE, startHarness, type Harness } from '../../harness';
import { callAdmin, LIVING_OKR_FILE, PUSH_URL } from './admin-call';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

/** As a Jira administrator: who may use these is test/jira/forge/authorization.test.ts's subject. */
const call = (harness: Harness, functionKey: string, payload: Record<string, unknown> = {}) =>
  callAdmin<AdminData>(harness, functionKey, payload);

describe('admin page resolvers', () => {
  it('imports an OKR file, validated by the core, and exports it with the settings', async () => {
    h = await startHarness([], { okrFile: null });
    const empty = await call(h, 'admin/get');
    expect(empty.ok && empty.data.okrFile).toBe('');
    const imported = await call(h, 'admin/import-okrs', {
      yaml: `${OKR_FILE}settings:\n  iceboxLabel: later\n`,
    });
    expect(imported.ok && imported.data.choices.map((c) => c.id)).toEqual([
      'O1-KR1',
      'O1-KR2',
      'O2-KR1',
    ]);
    expect(imported.ok && imported.data.settings.iceboxLabel).toBe('later');
    expect(imported.ok && imported.data.okrFile).toContain('iceboxLabel: later');
    expect(h.store.data.get(STORE_KEYS.settings)).toMatchObject({ iceboxLabel: 'later' });
  });

  it('rejects a bad OKR file with every problem and its line, keeping the stored one', async () => {
    h = await startHarness([]);
    const bad = OKR_FILE.replace('baseline: 40, target: 55', 'baseline: 40, target: 40');
    const answer = await call(h, 'admin/import-okrs', { yaml: bad });
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'the OKR file has problems — nothing was imported',
        problems: [
          'okrs.yml:6: objectives[0].keyResults[0].target: must differ from baseline (40) — a KR needs somewhere to go',
        ],
      },
    });
    expect((h.store.data.get(STORE_KEYS.okrs) as { yaml: string }).yaml).toBe(OKR_FILE);
  });

  it("gives the form the file's OKRs and every KR where it stands, with the push URL", async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    h.store.data.set('check-ins:O2-KR1', [
      { date: '2026-11-10', value: 12, by: 'user-admin', source: 'manual' },
    ]);
    const answer = await call(h, 'admin/get');
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const data = answer.data;
    expect(data.pushUrl).toBe(PUSH_URL);
    // The file's shape, defaults implicit, without check-ins: those are not the form's.
    expect(data.document?.objectives[0]).toEqual({
      id: 'O1',
      title: 'Become the most user-friendly PM tool for creative agencies',
      period: '2026-Q4',
      owner: 'ana@example.com',
      keyResults: [
        {
          id: 'O1-KR1',
          title: 'Increase NPS',
          baseline: 40,
          target: 55,
          progress: { source: 'push' },
        },
        {
          id: 'O1-KR2',
          title: 'Ship the template gallery',
          baseline: 0,
          target: 10,
          progress: { source: 'linked-done', by: 'count' },
        },
      ],
    });
    expect(data.keyResults.map((kr) => [kr.krId, kr.objectiveId, kr.progressSource])).toEqual([
      ['O1-KR1', 'O1', 'push'],
      ['O1-KR2', 'O1', 'linked-done'],
      ['O2-KR1', 'O2', 'manual'],
    ]);
    // File and Jira check-ins both count; a KR's owner falls back to its objective's.
    expect(data.keyResults[0]).toMatchObject({
      title: 'Increase NPS',
      current: 41,
      owner: 'ana@example.com',
      unit: null,
      pushSecretCreatedAt: null,
      lastCheckIn: { date: '2026-10-06', value: 41 },
      checkIns: [{ date: '2026-10-06', value: 41, note: 'Q3 survey', by: null, source: 'file' }],
    });
    expect(data.keyResults[2]).toMatchObject({
      current: 12,
      progress: 0.4,
      unit: '%',
      owner: null,
      checkIns: [{ date: '2026-11-10', value: 12, by: 'user-admin', source: 'manual' }],
    });
  });

  it('has no document and no key results when no OKR file is stored', async () => {
    h = await startHarness([], { okrFile: null });
    const answer = await call(h, 'admin/get');
    expect(answer.ok && [answer.data.document, answer.data.keyResults]).toEqual([null, []]);
    expect(answer.ok && 'warnings' in answer.data).toBe(false);
  });

  it('an import answers its warnings (more than 5 KRs on one objective), stored all the same', async () => {
    h = await startHarness([], { okrFile: null });
    const krs = [1, 2, 3, 4, 5, 6]
      .map((n) => `      - { id: O1-KR${n}, title: KR ${n}, baseline: 0, target: 1 }`)
      .join('\n');
    const answer = await call(h, 'admin/import-okrs', {
      yaml: `period: 2026-Q4\nobjectives:\n  - id: O1\n    title: Focus\n    keyResults:\n${krs}\n`,
    });
    expect(answer.ok && answer.data.warnings).toEqual([
      'okrs.yml:6: objectives[0].keyResults: O1 has 6 key results — 3 to 5 keep an objective focused',
    ]);
    expect(answer.ok && answer.data.keyResults).toHaveLength(6);
  });

  it('saves settings through the core schema and refuses invalid ones', async () => {
    h = await startHarness([]);
    const settings = {
      iceboxLabel: 'parked',
      bauTypes: ['Bug', 'Chore'],
      bauLabels: ['bau'],
      scheduleBoost: false,
      capacity: { okrMin: 50, okrMax: 80 },
      rankAutomatically: false,
    };
    const saved = await call(h, 'admin/save-settings', { settings });
    expect(saved.ok && saved.data.settings).toMatchObject(settings);
    const bad = await call(h, 'admin/save-settings', {
      settings: { ...settings, capacity: { okrMin: 90, okrMax: 10 } },
    });
    expect(bad).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'these settings cannot be saved',
        problems: ['capacity.okrMin: okrMin must not be above okrMax'],
      },
    });
    expect(h.store.data.get(STORE_KEYS.settings)).toMatchObject(settings);
  });

  it('a settings save that leaves out check-in groups, health or staleness keeps the stored ones', async () => {
    h = await startHarness([], {
      settings: {
        checkInGroups: ['okr-owners'],
        staleAfterDays: 7,
        health: { atRisk: 0.2, behind: 0.4 },
      },
    });
    const view = {
      iceboxLabel: 'parked',
      bauTypes: ['Bug'],
      bauLabels: ['bau'],
      scheduleBoost: true,
      capacity: { okrMin: 60, okrMax: 70 },
      rankAutomatically: true,
    };
    const saved = await call(h, 'admin/save-settings', { settings: view });
    expect(saved.ok && saved.data.settings).toMatchObject({
      ...view,
      checkInGroups: ['okr-owners'],
      staleAfterDays: 7,
      health: { atRisk: 0.2, behind: 0.4 },
    });
    const cleared = await call(h, 'admin/save-settings', {
      settings: { ...view, checkInGroups: [] },
    });
    expect(cleared.ok && cleared.data.settings.checkInGroups).toEqual([]);
  });

  it('reports an unreadable stored OKR value instead of crashing', async () => {
    h = await startHarness([]);
    h.store.data.set(STORE_KEYS.okrs, { text: 'not the stored shape' });
    const answer = await call(h, 'admin/get');
    expect(answer.ok && answer.data.storageProblems).toEqual([
      'the stored OKR file is unreadable — import it again',
    ]);
  });
});
