import { router, view } from '@forge/bridge';

export { callResolver } from '../../../src/jira/pages/call-resolver';
export { projectKeyOfPage } from './project-key-of-page';

/**
 * Everything the page takes from `@forge/bridge`, loaded only in Jira (bridge-transport.ts):
 * the bridge throws when it loads outside a Forge host, as on keyrank serve.
 */
export function enableTheme(): Promise<void> {
  return view.theme.enable().catch(() => undefined);
}

/** Jira itself opens the issue: the page's sandboxed frame cannot navigate Jira. */
export function openInJira(path: string, newTab: boolean): void {
  void (newTab ? router.open(path) : router.navigate(path)).catch(() => undefined);
}
