import type * as ForgeHost from './forge-host';
import type { Transport } from './transport';

/** `@forge/bridge` and its users, loaded once and only in Jira: the bridge needs its host. */
let host: Promise<typeof ForgeHost> | undefined;
const forgeHost = (): Promise<typeof ForgeHost> => (host ??= import('./forge-host'));

/**
 * Jira: the page is a Custom UI frame, so every call goes through the Forge host —
 * `invoke` for the contract, `view` for the theme and the project, `router` for issues.
 * Jira signs people in, so a session never ends under the page.
 */
export function bridgeTransport(): Transport {
  return {
    kind: 'bridge',
    wording: {
      tracker: 'Jira',
      sprint: 'sprint',
      project: 'project',
      rankCall: { one: 'rank call', many: 'rank calls' },
    },
    // Jira's design tokens and colour mode arrive once theming is on. A host without theming
    // still renders.
    prepareTheme: () => forgeHost().then((forge) => forge.enableTheme()),
    start: async () => ({
      ok: true,
      data: { projectKey: await (await forgeHost()).projectKeyOfPage() },
    }),
    call: async (key, payload) => (await forgeHost()).callResolver(key, payload),
    issueTarget: (issueKey) => {
      const path = `/browse/${encodeURIComponent(issueKey)}`;
      return {
        kind: 'router',
        path,
        follow: (newTab: boolean) =>
          void forgeHost().then((forge) => forge.openInJira(path, newTab)),
      };
    },
    onSessionEnd: () => () => undefined,
  };
}
