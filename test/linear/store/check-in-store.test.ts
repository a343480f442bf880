import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentAt } from '../../../src/core/index';
import { withStoredCheckIns } from '../../../src/linear/read/load-okrs';
import { CheckInStore, InvalidCheckInError } from '../../../src/linear/store/check-in-store';
import { InboxFile } from '../../../src/linear/store/inbox-file';
import { withDb } from '../support/inbox-db';
import { livingOkrs } from '../support/living-okrs';

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'keyrank-check-ins-')), 'keyrank.db');
}

function open<T>(path: string, work: (store: CheckInStore) => T): T {
  const file = new InboxFile(path);
  try {
    return work(new CheckInStore(file));
  } finally {
    file.close();
  }
}

describe('CheckInStore', () => {
  it('lists a KR’s check-ins oldest first, one day’s in the order they were made', () => {
    open(tempDb(), (store) => {
      store.append('O1-KR1', { date: '2026-11-10', value: 44, source: 'push', note: 'survey' });
      store.append('O1-KR1', { date: '2026-10-06', value: 41, source: 'push' });
      store.append('O1-KR1', { date: '2026-11-10', value: 45, source: 'push' });
      store.append('O2-KR1', { date: '2026-11-01', value: 3, source: 'query' });
      expect(store.list('O1-KR1')).toEqual([
        { date: '2026-10-06', value: 41, source: 'push' },
        { date: '2026-11-10', value: 44, source: 'push', note: 'survey' },
        { date: '2026-11-10', value: 45, source: 'push' },
      ]);
      expect(store.list('O9-KR9')).toEqual([]);
      expect([...store.all().keys()]).toEqual(['O1-KR1', 'O2-KR1']);
    });
  });

  it('keeps every check-in across a restart, and opening again changes nothing', () => {
    const path = tempDb();
    open(path, (store) =>
      store.append('O1-KR1', { date: '2026-11-02', value: 47, source: 'push' }),
    );
    open(path, (store) =>
      store.append('O1-KR1', { date: '2026-11-03', value: 48, source: 'push' }),
    );
    open(path, (store) => {
      expect(store.list('O1-KR1').map((c) => c.value)).toEqual([47, 48]);
    });
    withDb(path, (db) => {
      expect(db.prepare(`SELECT store, version FROM store_versions`).all()).toEqual([
        { store: 'check_ins', version: 1 },
      ]);
    });
  });

  it.each([
    ['Infinity', { date: '2026-11-02', value: Infinity }, /finite number/],
    ['NaN', { date: '2026-11-02', value: NaN }, /finite number/],
    ['a bad date', { date: '2026-02-30', value: 1 }, /YYYY-MM-DD/],
  ])('refuses to store %s', (_, checkIn, message) => {
    open(tempDb(), (store) => {
      expect(() => store.append('O1-KR1', checkIn)).toThrow(InvalidCheckInError);
      expect(() => store.append('O1-KR1', checkIn)).toThrow(message);
      expect(store.list('O1-KR1')).toEqual([]);
    });
  });

  it('skips a row that no longer reads instead of scoring with it', () => {
    const path = tempDb();
    open(path, (store) =>
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
    open(path, (store) => {
      expect(store.list('O1-KR1').map((c) => c.value)).toEqual([47]);
      expect(
        store
          .all()
          .get('O1-KR1')
          ?.map((c) => c.value),
      ).toEqual([47]);
    });
  });

  it('gives the OKRs the server scores with: the file’s plus the stored values', () => {
    const { okrs } = livingOkrs();
    open(tempDb(), (store) => {
      expect(withStoredCheckIns(okrs, store)).toBe(okrs);
      store.append('O1-KR1', { date: '2026-11-02', value: 47, source: 'push' });
      store.append('O1-KR1', { date: '2026-12-20', value: 59, source: 'push' });
      const kr = withStoredCheckIns(okrs, store).objectives[0]?.keyResults[0];
      expect(kr?.id).toBe('O1-KR1');
      expect(currentAt(kr as NonNullable<typeof kr>, '2026-11-15')).toBe(47);
    });
  });
});
