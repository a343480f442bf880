import type { Clock } from '../../clock';
import type { SessionStore } from '../../store/session-store';
import type { ReadViewer } from './linear-viewer';
import { INSTALL_SCOPES, type LinearOAuthClient } from './oauth-client';
import { pkcePair } from './pkce';

export interface InstallDeps {
  store: SessionStore;
  /** Its redirect URI decides where Linear sends the installer back. */
  oauth: LinearOAuthClient;
  readViewer: ReadViewer;
  now: Clock;
}

/**
 * Starts installing Keyrank as a Linear application: the authorize URL with `actor=app` (so
 * Keyrank's writes show as "Keyrank" in Linear's history) and the state to expect back.
 */
export async function startInstall(
  deps: Omit<InstallDeps, 'readViewer'>,
): Promise<{ url: string; state: string }> {
  const { verifier, challenge } = pkcePair();
  const state = await deps.store.startPending(
    { purpose: 'install', verifier, returnTo: '/' },
    deps.now(),
  );
  const url = deps.oauth.authorizeUrl({ state, challenge, scopes: INSTALL_SCOPES, actor: 'app' });
  return { url, state };
}

/**
 * Finishes an installation: exchanges the code, asks Linear which workspace the app token
 * belongs to, and stores the token with it. That workspace is the installing organization:
 * only its members may sign in.
 */
export async function completeInstall(
  deps: InstallDeps,
  code: string,
  verifier: string,
): Promise<{ orgId: string; orgName: string; scopes: string[] }> {
  const tokens = await deps.oauth.exchangeCode(code, verifier);
  const viewer = await deps.readViewer(tokens.accessToken);
  const org = { id: viewer.organization.id, name: viewer.organization.name };
  await deps.store.saveAppToken({ ...org, urlKey: viewer.organization.urlKey }, tokens, deps.now());
  return { orgId: org.id, orgName: org.name, scopes: tokens.scopes };
}
