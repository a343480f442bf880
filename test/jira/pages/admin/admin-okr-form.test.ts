import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AdminData } from '../../../../src/contract/admin';
import type { OkrFile } from '../../../../src/core/index';
import { STORE_KEYS } from '../../../../src/jira/store/workspace-store';
import { startHarness, type Harness } from '../../harness';
import { callAdmin, LIVING_OKR_FILE } from './admin-call';

/** admin/save-okrs: the OKRs edited by form, judged by the core's file checks, field by field. */

let h: Harness | undefined;
afterEach(async () => {
  expect(h?.jira.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const storedYaml = (harness: Harness): string =>
  (harness.store.data.get(STORE_KEYS.okrs) as { yaml: string }).yaml;

/** The form's starting point: what admin/get gives it. */
async function formDocument(harness: Harness): Promise<OkrFile> {
  const answer = await callAdmin<AdminData>(harness, 'admin/get');
  if (!answer.ok || answer.data.document === null) {
    throw new Error('admin/get gave no document');
  }
  return answer.data.document;
}

type Edit = (doc: OkrFile & Record<string, unknown>) => void;
const kr = (doc: OkrFile, o: number, k: number): Record<string, unknown> =>
  doc.objectives[o]?.keyResults[k] as unknown as Record<string, unknown>;
const objective = (doc: OkrFile, o: number): Record<string, unknown> =>
  doc.objectives[o] as unknown as Record<string, unknown>;

describe('admin/save-okrs: bad fields come back one by one, at their paths; nothing is stored', () => {
  const cases: [string, Edit, { path: string; message: RegExp }[]][] = [
    [
      'a target that is not a number',
      (d) => void (kr(d, 0, 0).target = 'abc'),
      [{ path: 'objectives[0].keyResults[0].target', message: /^must be a number \(got "abc"\)/ }],
    ],
    [
      'a period that is no quarter',
      (d) => void (objective(d, 1).period = 'Q5'),
      [{ path: 'objectives[1].period', message: /Q5/ }],
    ],
    [
      'a target equal to its baseline',
      (d) => void (kr(d, 1, 0).target = 0),
      [{ path: 'objectives[1].keyResults[0].target', message: /^must differ from baseline \(0\)/ }],
    ],
    [
      'a parent that is no objective',
      (d) => void (objective(d, 1).parent = 'O9'),
      [{ path: 'objectives[1].parent', message: /"O9" is not an objective/ }],
    ],
    [
      'two KRs with one id, and an empty title',
      (d) => {
        kr(d, 1, 0).id = 'O1-KR1';
        kr(d, 0, 1).title = '  ';
      },
      [
        { path: 'objectives[0].keyResults[1].title', message: /^must not be empty/ },
        // Reported only once the shape is right: the schema speaks first, then the file's checks.
      ],
    ],
    [
      'an objective without key results',
      (d) => void (objective(d, 1).keyResults = []),
      [{ path: 'objectives[1].keyResults', message: /needs at least one key result/ }],
    ],
    [
      'an unknown progress source',
      (d) => void (kr(d, 0, 0).progress = { source: 'survey' }),
      [{ path: 'objectives[0].keyResults[0].progress.source', message: /manual \| linked-done/ }],
    ],
    [
      'settings sent with the OKRs',
      (d) => void (d.settings = { iceboxLabel: 'later' }),
      [{ path: 'settings', message: /saved with the settings form/ }],
    ],
  ];

  it.each(cases)('%s', async (_, edit, expected) => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const document = structuredClone(await formDocument(h));
    edit(document);
    const answer = await callAdmin<AdminData>(h, 'admin/save-okrs', { document });
    if (answer.ok) {
      throw new Error('saved a bad document');
    }
    expect(answer.error.kind).toBe('invalid-input');
    expect(answer.error.message).toBe('The OKRs were not saved — fix the fields marked below:');
    const fieldErrors = answer.error.fieldErrors ?? [];
    expect(fieldErrors.map((e) => e.path)).toEqual(expected.map((e) => e.path));
    fieldErrors.forEach((e, i) => expect(e.message).toMatch(expected[i]?.message ?? /^$/));
    // The same messages as one line each, for callers that show a list.
    expect(answer.error.problems).toEqual(fieldErrors.map((e) => `${e.path}: ${e.message}`));
    expect(storedYaml(h)).toBe(LIVING_OKR_FILE);
  });

  it('duplicate ids are reported at the second one, naming the first', async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const document = structuredClone(await formDocument(h));
    kr(document, 1, 0).id = 'O1-KR1';
    const answer = await callAdmin<AdminData>(h, 'admin/save-okrs', { document });
    expect(!answer.ok && answer.error.fieldErrors).toEqual([
      {
        path: 'objectives[1].keyResults[0].id',
        message:
          'id "O1-KR1" is already used by objectives[0].keyResults[0].id — ids must be unique',
      },
    ]);
  });

  it('a payload without objectives is refused by the contract before the core sees it', async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const answer = await callAdmin<AdminData>(h, 'admin/save-okrs', { document: { okrs: [] } });
    expect(!answer.ok && answer.error.problems).toEqual(['document.objectives: is required']);
    expect(storedYaml(h)).toBe(LIVING_OKR_FILE);
  });
});

describe('admin/save-okrs: a good document is stored as the OKR file', () => {
  it('keeps the file check-ins of KRs that remain and every check-in made in Jira', async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const madeInJira = [{ date: '2026-11-10', value: 12, by: 'user-admin', source: 'manual' }];
    h.store.data.set('check-ins:O2-KR1', madeInJira);
    const document = structuredClone(await formDocument(h));
    kr(document, 0, 0).target = 60;
    kr(document, 1, 0).owner = 'bo@example.com';
    const answer = await callAdmin<AdminData>(h, 'admin/save-okrs', { document });
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const stored = parse(storedYaml(h)) as OkrFile;
    expect(stored.objectives[0]?.keyResults[0]).toEqual({
      id: 'O1-KR1',
      title: 'Increase NPS',
      baseline: 40,
      target: 60,
      progress: { source: 'push' },
      checkIns: [{ date: '2026-10-06', value: 41, note: 'Q3 survey' }],
    });
    expect(stored.objectives[1]?.keyResults[0]?.owner).toBe('bo@example.com');
    expect('settings' in stored).toBe(false);
    expect(h.store.data.get('check-ins:O2-KR1')).toEqual(madeInJira);
    // The answer is the page after the save: the form's new starting point and the KRs' standing.
    expect(answer.data.document?.objectives[0]?.keyResults[0]?.target).toBe(60);
    expect(answer.data.keyResults.map((k) => [k.krId, k.current, k.target])).toEqual([
      ['O1-KR1', 41, 60],
      ['O1-KR2', 0, 10],
      ['O2-KR1', 12, 30],
    ]);
    expect(answer.data.storageProblems).toEqual([]);
    expect(answer.data.warnings).toBeUndefined();
  });

  it("adds next quarter's objective without YAML, with a warning for an unfocused one", async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const document = structuredClone(await formDocument(h));
    document.objectives.push({
      id: 'O3',
      title: 'Grow in Europe',
      period: '2027-Q1',
      parent: 'O1',
      keyResults: [1, 2, 3, 4, 5, 6].map((n) => ({
        id: `O3-KR${n}`,
        title: `Market ${n}`,
        baseline: 0,
        target: n * 10,
        unit: 'accounts',
        deadline: '2027-02-28',
      })),
    });
    const answer = await callAdmin<AdminData>(h, 'admin/save-okrs', { document });
    expect(answer.ok && answer.data.warnings).toEqual([
      'O3 has 6 key results — 3 to 5 keep an objective focused',
    ]);
    const stored = parse(storedYaml(h)) as OkrFile;
    expect(stored.objectives.map((o) => [o.id, o.period])).toEqual([
      ['O1', '2026-Q4'],
      ['O2', '2026-Q4'],
      ['O3', '2027-Q1'],
    ]);
    expect(stored.objectives[2]?.keyResults[0]).toEqual({
      id: 'O3-KR1',
      title: 'Market 1',
      baseline: 0,
      target: 10,
      unit: 'accounts',
      deadline: '2027-02-28',
    });
  });

  it('a KR removed from the form takes its file check-ins with it; one the form lists keeps its own', async () => {
    h = await startHarness([], { okrFile: LIVING_OKR_FILE });
    const document = structuredClone(await formDocument(h));
    const removed = await callAdmin<AdminData>(h, 'admin/save-okrs', {
      document: {
        ...document,
        objectives: document.objectives.map((o, i) =>
          i === 0 ? { ...o, keyResults: o.keyResults.slice(1) } : o,
        ),
      },
    });
    expect(removed.ok && removed.data.keyResults.map((k) => k.krId)).toEqual(['O1-KR2', 'O2-KR1']);
    const back = structuredClone(await formDocument(h));
    back.objectives[0]?.keyResults.unshift({
      id: 'O1-KR1',
      title: 'Increase NPS',
      baseline: 40,
      target: 55,
      checkIns: [{ date: '2026-11-01', value: 43 }],
    });
    await callAdmin<AdminData>(h, 'admin/save-okrs', { document: back });
    const stored = parse(storedYaml(h)) as OkrFile;
    expect(stored.objectives[0]?.keyResults[0]?.checkIns).toEqual([
      { date: '2026-11-01', value: 43 },
    ]);
  });
});
