import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OKRS_PATH } from './support/workspace';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const BAD_OKRS = new URL('../fixtures/cli/okrs-invalid-values.yml', import.meta.url).pathname;
const KEY = 'lin_api_never_print_me_123';
const SECRET = 'lin_wh_never_print_me_456';

/** The compiled `keyrank` binary, with exactly the environment given. */
function keyrank(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('keyrank serve start-up', () => {
  it('prints its help', () => {
    const run = keyrank(['serve', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: keyrank serve');
  });

  it('stops with exit 1 and one message naming each missing variable', () => {
    const run = keyrank(['serve'], { KEYRANK_OKRS: OKRS_PATH });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: LINEAR_API_KEY is not set');
    expect(run.stderr).toContain('error: LINEAR_WEBHOOK_SECRET is not set');
    expect(run.stderr).toContain('error: KEYRANK_PUBLIC_URL is not set');
    expect(run.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('stops with exit 1 on an invalid OKR file, naming it, and never echoes the secrets', () => {
    const run = keyrank(['serve'], {
      LINEAR_API_KEY: KEY,
      LINEAR_WEBHOOK_SECRET: SECRET,
      KEYRANK_PUBLIC_URL: 'https://keyrank.example.com',
      KEYRANK_OKRS: BAD_OKRS,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('okrs-invalid-values.yml');
    expect(run.stderr + run.stdout).not.toContain(KEY);
    expect(run.stderr + run.stdout).not.toContain(SECRET);
  });

  it('rejects a bad PORT without echoing any value', () => {
    const run = keyrank(['serve'], { LINEAR_API_KEY: KEY, PORT: KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: PORT: PORT must be a port number');
    expect(run.stderr).not.toContain(KEY);
  });

  it('stops with exit 1 when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'keyrank-port-'));
    const run = keyrank(['serve'], {
      LINEAR_API_KEY: KEY,
      LINEAR_WEBHOOK_SECRET: SECRET,
      KEYRANK_PUBLIC_URL: 'https://keyrank.example.com',
      KEYRANK_OKRS: OKRS_PATH,
      KEYRANK_DB: join(dir, 'keyrank.db'),
      PORT: String(port),
    });
    blocker.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: cannot listen on port ${port} (PORT): another program uses it`,
    );
  });

  it('stops with exit 1 and a message naming KEYRANK_DB when the inbox database is unusable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrank-db-'));
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(
      notADatabase,
      'this is not SQLite, just a text file long enough to look at\n'.repeat(20),
    );
    for (const db of [join(dir, 'missing', 'keyrank.db'), dir, notADatabase]) {
      const run = keyrank(['serve'], {
        LINEAR_API_KEY: KEY,
        LINEAR_WEBHOOK_SECRET: SECRET,
        KEYRANK_PUBLIC_URL: 'https://keyrank.example.com',
        KEYRANK_OKRS: OKRS_PATH,
        KEYRANK_DB: db,
        PORT: '0',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: cannot use .+ as the inbox database \(KEYRANK_DB\): /);
      expect(run.stderr).toContain('KEYRANK_DB must name a SQLite file Keyrank can write');
      expect(run.stderr).not.toContain('unexpected failure');
    }
  });

  it('refuses a KEYRANK_SYNC_HOURS that is not a positive number, naming it', () => {
    for (const hours of ['0', '-2', 'daily']) {
      const run = keyrank(['serve'], { KEYRANK_SYNC_HOURS: hours });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error: KEYRANK_SYNC_HOURS: KEYRANK_SYNC_HOURS must be a/);
    }
  });

  it('answers usage errors with exit 2', () => {
    expect(keyrank(['serve', '--port', '1'], {}).code).toBe(2);
    const linear = keyrank(['linear'], {});
    expect(linear.code).toBe(2);
    expect(linear.stderr).toContain('a subcommand is required: setup, sync or inbox');
  });
});
