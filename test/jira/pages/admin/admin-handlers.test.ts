import { afterEach, describe, expect, it } from 'vitest';
import type { AdminData } from '../../../../src/contract/admin';
import type { ResolverResult } from '../../../../src/contract/result';
import { defineResolvers } from '../../../../src/jira/forge/define-resolvers';
import { adminHandlers } from '../../../../src/jira/pages/admin/admin-handlers';
import { STORE_KEYS } from '../../../../src/jira/store/workspace-store';
import { ADMIN, memoryQueue, OKR_FILE, startHarness, type Harness } from '../../harness';
import { invoke } from '../../invoke-resolver';

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

/** As a Jira administrator: who may use these is test/jira/authorization.test.ts's subject. */
async function call(
  harness: Harness,
  functionKey: string,
  payload: Record<string, unknown> = {},
): Promise<ResolverResult<AdminData>> {
  const admin = defineResolvers(
    adminHandlers(
      () => memoryQueue(),
      () => 'job',
    ),
    () => harness.deps,
  );
  return invoke<AdminData>(admin, functionKey, payload, {
    runtime: harness.runtime,
    accountId: ADMIN,
  });
}

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

  it('updates a KR current value in place, keeping the rest of the file', async () => {
    h = await startHarness([]);
    const answer = await call(h, 'admin/update-kr', { krId: 'O1-KR1', current: 52 });
    expect(answer.ok && answer.data.choices[0]).toMatchObject({
      id: 'O1-KR1',
      current: 52,
      progress: 12 / 15,
    });
    const yaml = (h.store.data.get(STORE_KEYS.okrs) as { yaml: string }).yaml;
    expect(yaml).toContain('current: 52');
    expect(yaml).toContain('title: Last quarter');
    const unknown = await call(h, 'admin/update-kr', { krId: 'O7-KR1', current: 1 });
    expect(!unknown.ok && unknown.error.message).toBe(
      'O7-KR1 is not a key result in the stored OKR file',
    );
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
    expect(saved.ok && saved.data.settings).toEqual(settings);
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
    expect(h.store.data.get(STORE_KEYS.settings)).toEqual(settings);
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
