import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentAt } from '../../../src/core/index';
import { withStoredCheckIns } from '../../../src/linear/read/load-okrs';
import { CheckInStore, InvalidCheckInError } from '../../../src/linear/store/check-in-store';
import { openDatabase } from '../../../src/linear/store/database/open-database';
import { withDb } from '../support/inbox-db';
import { livingOkrs } from '../support/living-okrs';

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'keyrank-check-ins-')), 'keyrank.db');
}

async function open<T>(path: string, work: (store: CheckInStore) => Promise<T>): Promise<T> {
  const db = await openDatabase(path);
  try {
    return await work(await CheckInStore.open(db));
  } finally {
    await db.close();
  }
}

describe('CheckInStore', () => {
  it('keeps its schema version beside the others', async () => {
    const path = tempDb();
    await open(path, (store) =>
      store.append('O1-KR1', { date: '2026-11-02', value: 47, source: 'push' }),
    );
    withDb(path, (db) => {
      expect(db.prepare(`SELECT store, version FROM store_versions ORDER BY store`).all()).toEqual([
        { store: 'check_ins', version: 1 },
        { store: 'health', version: 1 },
      ]);
    });
  });

  it.each([
    ['Infinity', { date: '2026-11-02', value: Infinity }, /finite number/],
    ['NaN', { date: '2026-11-02', value: NaN }, /finite number/],
    ['a bad date', { date: '2026-02-30', value: 1 }, /YYYY-MM-DD/],
  ])('refuses to store %s', async (_, checkIn, message) => {
    await open(tempDb(), async (store) => {
      await expect(store.append('O1-KR1', checkIn)).rejects.toThrow(InvalidCheckInError);
      await expect(store.append('O1-KR1', checkIn)).rejects.toThrow(message);
      expect(await store.list('O1-KR1')).toEqual([]);
    });
  });

  it('skips a row that no longer reads instead of scoring with it', async () => {
    const path = tempDb();
    await open(path, (store) =>
      store.append('O1-KR1', { date: '2026-11-02', value: 47, source: 'push' }),
    );
    withDb(path, (db) => {
      db.prepare(`INSERT INTO check_ins (kr_id, date, value, source) VALUES (?, ?, ?, ?)`).run(
        'O1-KR1',
        'yesterday',
        50,
        'push',
      );
      db.prepare(`INSERT INTO check_ins (kr_id, date, value, source) VALUES (?, ?, ?, ?)`).run(
        'O1-KR1',
        '2026-11-03',
        51,
        'carrier pigeon',
      );
    });
    await open(path, async (store) => {
      expect((await store.list('O1-KR1')).map((c) => c.value)).toEqual([47]);
      expect((await store.all()).get('O1-KR1')?.map((c) => c.value)).toEqual([47]);
    });
  });

  it('gives the OKRs the server scores with: the file’s plus the stored values', async () => {
    const { okrs } = livingOkrs();
    await open(tempDb(), async (store) => {
      expect(await withStoredCheckIns(okrs, store)).toBe(okrs);
      await store.append('O1-KR1', { date: '2026-11-02', value: 47, source: 'push' });
      await store.append('O1-KR1', { date: '2026-12-20', value: 59, source: 'push' });
      const kr = (await withStoredCheckIns(okrs, store)).objectives[0]?.keyResults[0];
      expect(kr?.id).toBe('O1-KR1');
      expect(currentAt(kr as NonNullable<typeof kr>, '2026-11-15')).toBe(47);
    });
  });
});
