import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import {
  createDatabase,
  postgresBinDir,
  PostgresNotInstalledError,
  startPostgres,
} from './postgres';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("the run's PostgreSQL server", () => {
  it('answers a query in a fresh database, round trip through a table', async () => {
    const url = await freshDatabase();
    await query(url, 'CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)');
    await query(url, 'INSERT INTO notes (text) VALUES ($1), ($2)', ['Ünïcode ✓', 'second']);
    expect(await query(url, 'SELECT id, text FROM notes ORDER BY id')).toEqual([
      { id: 1, text: 'Ünïcode ✓' },
      { id: 2, text: 'second' },
    ]);
    const [{ server_encoding: encoding } = { server_encoding: '' }] = await query<{
      server_encoding: string;
    }>(url, 'SHOW server_encoding');
    expect(encoding).toBe('UTF8');
  });

  it('keeps two databases apart: a table in one does not exist in the other', async () => {
    const first = await freshDatabase();
    const second = await freshDatabase();
    expect(first).not.toBe(second);
    await query(first, 'CREATE TABLE only_here (n int)');
    await query(first, 'INSERT INTO only_here VALUES (1)');
    await expect(query(second, 'SELECT n FROM only_here')).rejects.toThrow(
      /relation "only_here" does not exist/,
    );
    expect(await query(first, 'SELECT n FROM only_here')).toEqual([{ n: 1 }]);
  });

  it('creates a database under a given name, and refuses a name it cannot use', async () => {
    const url = await freshDatabase('named_for_a_suite');
    expect(new URL(url).pathname).toBe('/named_for_a_suite');
    expect(await query(url, 'SELECT current_database() AS name')).toEqual([
      { name: 'named_for_a_suite' },
    ]);
    for (const bad of ['Upper', 'drop table x; --', '1starts_with_digit', 'x'.repeat(64)]) {
      await expect(freshDatabase(bad)).rejects.toThrow(`"${bad}" is not a database name for tests`);
    }
  });
});

describe('startPostgres', () => {
  const started: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
  });

  it('starts a server of its own; stop ends it and removes its directory', async () => {
    const server = await startPostgres();
    started.push(server);
    expect(existsSync(join(server.dir, 'data', 'PG_VERSION'))).toBe(true);
    const url = await server.createDatabase();
    expect(await query(url, 'SELECT 1 + 1 AS two')).toEqual([{ two: 2 }]);

    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await expect(createDatabase(server.url)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('postgresBinDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'keyrank-pgbin-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A fake Debian tree: one bin dir per version, with or without the two binaries. */
  function tree(name: string, versions: Record<string, boolean>): string {
    const base = join(root, name);
    for (const [version, complete] of Object.entries(versions)) {
      const bin = join(base, version, 'bin');
      mkdirSync(bin, { recursive: true });
      for (const file of complete ? ['postgres', 'initdb'] : ['postgres']) {
        writeFileSync(join(bin, file), '#!/bin/sh\n');
        chmodSync(join(bin, file), 0o755);
      }
    }
    return base;
  }

  it.each<{ case: string; versions: Record<string, boolean>; bin: string }>([
    {
      case: 'the newest version, numerically',
      versions: { '9.6': true, '15': true, '13': true },
      bin: '15',
    },
    { case: 'a version with both binaries', versions: { '16': false, '14': true }, bin: '14' },
  ])('picks $case', ({ case: name, versions, bin }) => {
    const base = tree(name.replace(/\W/g, '-'), versions);
    expect(postgresBinDir(base, join(root, 'no-pg_config'))).toBe(join(base, bin, 'bin'));
  });

  it("falls back to pg_config's bindir", () => {
    const fake = tree('pg-config-target', { '12': true });
    const pgConfig = join(root, 'pg_config');
    writeFileSync(pgConfig, `#!/bin/sh\necho ${join(fake, '12', 'bin')}\n`);
    chmodSync(pgConfig, 0o755);
    expect(postgresBinDir(join(root, 'no-such-root'), pgConfig)).toBe(join(fake, '12', 'bin'));
  });

  it('says how to install PostgreSQL when there is none', () => {
    const attempt = () => postgresBinDir(join(root, 'no-such-root'), join(root, 'no-pg_config'));
    expect(attempt).toThrow(PostgresNotInstalledError);
    expect(attempt).toThrow('PostgreSQL is not installed: apt-get install postgresql');
  });

  it('finds the binaries on this machine', () => {
    expect(existsSync(join(postgresBinDir(), 'postgres'))).toBe(true);
  });
});
