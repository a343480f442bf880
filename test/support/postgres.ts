import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chownSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for tests, from Debian's `postgresql` package: a fresh cluster in a temp
 * dir on a free loopback port, trust authentication, one superuser. Each suite takes its own
 * database from it (`createDatabase`), which costs milliseconds; the server costs about a
 * second, so the run shares one (test/support/postgres-global-setup.ts).
 */

export const SUPERUSER = 'keyrank';
const DEBIAN_ROOT = '/usr/lib/postgresql';
const READY_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 10_000;

export class PostgresNotInstalledError extends Error {
  constructor() {
    super('PostgreSQL is not installed: apt-get install postgresql');
    this.name = 'PostgresNotInstalledError';
  }
}

export class PostgresStartError extends Error {
  constructor(what: string, log: string) {
    super(`PostgreSQL did not start: ${what}\n--- server log ---\n${log}`);
    this.name = 'PostgresStartError';
  }
}

export interface Postgres {
  /** The server's maintenance database, `postgres://keyrank@127.0.0.1:<port>/postgres`. */
  url: string;
  /** The server's directory (cluster and socket), removed by `stop()`. */
  dir: string;
  /** A new empty database on this server; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Starts a fresh PostgreSQL server; stop it with `stop()`. */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const owner = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'keyrank-pg-'));
  try {
    if (owner) {
      chownSync(dir, owner.uid, owner.gid);
    }
    const data = join(dir, 'data');
    const asOwner = { cwd: dir, env: { PATH: process.env.PATH ?? '' }, ...owner };
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', SUPERUSER, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      asOwner,
    );
    const port = await freePort();
    const server = spawn(
      join(bin, 'postgres'),
      [
        ['-D', data],
        ['-p', String(port)],
        ['-k', dir],
        ['-c', 'listen_addresses=127.0.0.1'],
        // Three serve replicas with their pools, and the tests' own clients.
        ['-c', 'max_connections=200'],
        // A throwaway cluster: durability across an OS crash buys nothing and costs time.
        ['-c', 'fsync=off'],
      ].flat(),
      { ...asOwner, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    try {
      await whenReady(bin, port, exited, () => log);
    } catch (error) {
      await stopServer(server, exited);
      throw error;
    }
    return {
      url,
      dir,
      createDatabase: (name) => createDatabase(url, name),
      stop: async () => {
        await stopServer(server, exited);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Creates an empty database on the server at `serverUrl`; its URL. */
export async function createDatabase(
  serverUrl: string,
  name = `test_${randomBytes(6).toString('hex')}`,
): Promise<string> {
  // An identifier cannot be a query parameter, so the name is checked instead of quoted.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `"${name}" is not a database name for tests: lowercase letters, digits and _, at most 63`,
    );
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The newest /usr/lib/postgresql/<version>/bin, else what `pg_config --bindir` says. */
export function postgresBinDir(root = DEBIAN_ROOT, pgConfig = 'pg_config'): string {
  const versions = safely(() => readdirSync(root), [])
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  const candidates = [
    ...versions.map((version) => join(root, version, 'bin')),
    safely(
      () =>
        execFileSync(pgConfig, ['--bindir'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      '',
    ),
  ];
  const found = candidates.find(
    (bin) => bin !== '' && executable(join(bin, 'postgres')) && executable(join(bin, 'initdb')),
  );
  if (found === undefined) {
    throw new PostgresNotInstalledError();
  }
  return found;
}

/**
 * PostgreSQL refuses to run as root, and tests run as root in CI: then the server runs as the
 * `postgres` user the Debian package creates. Undefined means "as the current user".
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, and there is no postgres user to run PostgreSQL as: apt-get install postgresql',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function whenReady(
  bin: string,
  port: number,
  exited: Promise<void>,
  log: () => string,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const end = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (gone) {
      throw new PostgresStartError('the server exited', log());
    }
    const ready = await run(
      join(bin, 'pg_isready'),
      ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, '-d', 'postgres'],
      {},
    ).then(
      () => true,
      () => false,
    );
    if (ready) {
      return;
    }
    if (Date.now() > end) {
      throw new PostgresStartError(`not accepting connections after ${READY_WITHIN_MS} ms`, log());
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fast shutdown (SIGINT ends open sessions); SIGKILL if it does not stop in time. */
async function stopServer(server: ChildProcess, exited: Promise<void>): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) {
    return;
  }
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), STOP_WITHIN_MS);
  await exited;
  clearTimeout(timer);
}

/** A port the OS says is free now; the server binds it a moment later. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} failed: ${error.message}\n${stdout}${stderr}`));
      } else {
        resolve();
      }
    });
  });
}

function executable(path: string): boolean {
  return safely(() => {
    accessSync(path, constants.X_OK);
    return true;
  }, false);
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
