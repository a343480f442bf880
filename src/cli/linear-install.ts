import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Clock } from '../linear/clock';
import { ConfigError, loadConfig, type Config, type RequiredVariable } from '../linear/config';
import { authPage } from '../linear/server/auth/auth-page';
import { completeInstall, startInstall, type InstallDeps } from '../linear/server/auth/install-app';
import { linearViewer } from '../linear/server/auth/linear-viewer';
import { LinearOAuthClient, oauthEndpoints } from '../linear/server/auth/oauth-client';
import { OAuthError } from '../linear/server/auth/oauth-errors';
import { sameSecret } from '../linear/server/auth/same-secret';
import { openDatabase } from '../linear/store/database/open-database';
import { PENDING_LIFETIME_MS, SessionStore } from '../linear/store/session-store';
import { InputError, UsageError } from './errors';
import type { Io } from './io';
import { terminalLines } from './terminal-text';

export const LINEAR_INSTALL_HELP = `Usage: keyrank linear install [--port <N>]
       keyrank linear install --no-wait
       keyrank linear install --code <code> --state <state>

Installs Keyrank as a Linear OAuth application (actor=app, scopes read,write), so its writes
show as "Keyrank" in Linear's history, and stores the app token in KEYRANK_DB. The workspace
it is installed in is the one whose members may sign in.

By default it prints the authorize URL and waits (10 minutes at most) for Linear to come
back to a one-shot listener on http://127.0.0.1:<port>/auth/callback (default port 8789);
register that callback URL in the OAuth application, and open the URL on this machine.
On a server without a browser: --no-wait prints a URL that comes back to
<KEYRANK_PUBLIC_URL>/auth/callback; copy code and state from the address Linear sends you
to and finish with --code <code> --state <state>.

Options:
  --port <N>         the loopback listener's port (default 8789)
  --no-wait          print the URL for the public callback and exit
  --code <code>      finish an installation started with --no-wait (with --state)
  --state <state>    the state of that installation
  -h, --help         show this help

Environment: LINEAR_OAUTH_CLIENT_ID, LINEAR_OAUTH_CLIENT_SECRET (required), KEYRANK_PUBLIC_URL
(required for --no-wait and --code), KEYRANK_DB (default ./keyrank.db), LINEAR_API_URL.
Exit status: 0 installed (or URL printed); 1 bad configuration, or Linear refused; 2 wrong usage.
`;

const DEFAULT_PORT = 8789;

/** `keyrank linear install`: returns the exit code. */
export async function linearInstall(args: string[], io: Io, now: Clock): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help) {
    io.stdout(LINEAR_INSTALL_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`);
  }
  if ((values.code === undefined) !== (values.state === undefined)) {
    throw new UsageError(
      '--code and --state go together: both come from the address Linear sent you to',
    );
  }
  const finishing = values.code !== undefined;
  const noWait = values['no-wait'] === true;
  if ((finishing || noWait) && values.port !== undefined) {
    throw new UsageError(
      '--port belongs to the loopback listener; --no-wait and --code use KEYRANK_PUBLIC_URL',
    );
  }
  if (finishing && noWait) {
    throw new UsageError(
      '--no-wait starts an installation and --code finishes one: use one of them',
    );
  }
  const port = parsePort(values.port);

  const required: RequiredVariable[] = ['LINEAR_OAUTH_CLIENT_ID', 'LINEAR_OAUTH_CLIENT_SECRET'];
  let config: Config;
  try {
    config = loadConfig(
      io.env,
      finishing || noWait ? [...required, 'KEYRANK_PUBLIC_URL'] : required,
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(error.problems);
    }
    throw error;
  }

  const db = await openDatabase(config.dbPath);
  try {
    const store = await SessionStore.open(db);
    const deps = (redirectUri: string): InstallDeps => ({
      store,
      oauth: new LinearOAuthClient({
        clientId: config.oauthClientId as string,
        clientSecret: config.oauthClientSecret as string,
        redirectUri,
        endpoints: oauthEndpoints(config.oauthUrl),
        now,
      }),
      readViewer: linearViewer(config.apiUrl),
      now,
    });
    const publicCallback = `${config.publicUrl ?? ''}/auth/callback`;
    if (noWait) {
      const { url } = await startInstall(deps(publicCallback));
      io.stdout(
        `Open this URL as a Linear admin of the workspace to install Keyrank in (valid 10 minutes):\n\n  ${url}\n\n` +
          `Linear then sends you to ${publicCallback}?code=…&state=…; finish with:\n` +
          `  keyrank linear install --code <code> --state <state>\n`,
      );
      return 0;
    }
    if (finishing) {
      return await finish(io, deps(publicCallback), values.code as string, values.state as string);
    }
    return await installThroughLoopback(io, deps, port);
  } catch (error) {
    if (error instanceof OAuthError) {
      throw new InputError([`Linear: ${error.message}`]);
    }
    throw error;
  } finally {
    await db.close();
  }
}

async function finish(io: Io, deps: InstallDeps, code: string, state: string): Promise<number> {
  const taken = await deps.store.takePending(state, deps.now());
  if (taken.kind !== 'ok' || taken.pending.purpose !== 'install') {
    throw new InputError([
      taken.kind === 'expired'
        ? 'that installation was started more than 10 minutes ago: run "keyrank linear install --no-wait" again'
        : 'that state is not an installation under way (already finished, or never started here): run "keyrank linear install --no-wait" again',
    ]);
  }
  const installed = await completeInstall(deps, code, taken.pending.verifier);
  io.stdout(installedMessage(installed.orgName, installed.scopes));
  return 0;
}

/**
 * Waits for Linear's redirect on a one-shot listener bound to 127.0.0.1 (RFC 8252's loopback
 * redirect), then finishes the installation with the code it brings.
 */
async function installThroughLoopback(
  io: Io,
  deps: (redirectUri: string) => InstallDeps,
  port: number,
): Promise<number> {
  let settle: (result: { code: string; state: string } | { error: string }) => void = () => {};
  const arrived = new Promise<{ code: string; state: string } | { error: string }>((resolve) => {
    settle = resolve;
  });
  let expected = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const state = url.searchParams.get('state') ?? '';
    if (
      request.method !== 'GET' ||
      url.pathname !== '/auth/callback' ||
      expected === '' ||
      !sameSecret(state, expected)
    ) {
      // Anything else on this port (a favicon, a stray request) is not Linear's redirect.
      return authPage(response, 404, {
        title: 'Not found',
        message: 'This listener only takes Linear’s redirect back.',
      });
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code') ?? '';
    authPage(response, error === null && code !== '' ? 200 : 400, {
      title: error === null && code !== '' ? 'Back to the terminal' : 'Not installed',
      message:
        error === null && code !== ''
          ? 'Keyrank received the authorization; the terminal says how the installation went. You can close this tab.'
          : 'Linear did not authorize Keyrank; nothing was installed.',
    });
    settle(error === null && code !== '' ? { code, state } : { error: error ?? 'no code' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new InputError([
          `the loopback listener cannot use port ${port} (${error.code ?? error.message}): pass --port <N> with a free port registered as a callback URL`,
        ]),
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const timer = setTimeout(() => settle({ error: 'timeout' }), PENDING_LIFETIME_MS);
  try {
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/callback`;
    const install = deps(redirectUri);
    const { url, state } = await startInstall(install);
    expected = state;
    io.stdout(
      `Open this URL as a Linear admin of the workspace to install Keyrank in:\n\n  ${url}\n\n` +
        `Waiting for Linear to come back to ${redirectUri} (register it as a callback URL of the OAuth application; 10 minutes at most)…\n`,
    );
    const result = await arrived;
    if ('error' in result) {
      throw new InputError([
        result.error === 'timeout'
          ? 'Linear did not come back within 10 minutes: run "keyrank linear install" again'
          : `Linear did not authorize Keyrank (${result.error}); nothing was installed`,
      ]);
    }
    return await finish(io, install, result.code, result.state);
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function installedMessage(orgName: string, scopes: string[]): string {
  // The workspace name comes from Linear: escaped like every echoed text.
  return terminalLines([
    `Installed Keyrank in ${orgName} (scopes: ${scopes.join(', ') || 'none reported'}).`,
    'Its writes now show as "Keyrank" in Linear, and members of this workspace can sign in.',
  ]);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) {
    return DEFAULT_PORT;
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new UsageError(`--port must be a port number 0..65535, not "${raw}"`);
  }
  return port;
}

/**
 * Linear's codes and Keyrank's states are base64url, so one in 64 begins with "-", which
 * parseArgs would read as a flag; the value after --code or --state is taken as written.
 */
const FLAGS = new Set(['--port', '--no-wait', '--code', '--state', '--help', '-h']);

function joinTokenValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const value = args[i + 1];
    if ((arg === '--code' || arg === '--state') && value !== undefined && !FLAGS.has(value)) {
      joined.push(`${arg}=${value}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args: joinTokenValues(args),
      strict: true,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        'no-wait': { type: 'boolean' },
        code: { type: 'string' },
        state: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
