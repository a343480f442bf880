import * as ForgeReact from '@forge/react';
import type { ReactElement } from 'react';

type Reconciler = { render: (element: ReactElement) => void };

/**
 * Mounts a UI Kit app. `@forge/react` is CommonJS with `export default ForgeReconciler`: the
 * Forge bundler hands us the reconciler as `default`, Node's ESM loader the whole module, so
 * accept either rather than depend on one interop rule.
 */
export function renderApp(element: ReactElement): void {
  const candidate = ForgeReact.default as unknown as Partial<Reconciler> & { default?: Reconciler };
  const reconciler =
    typeof candidate.render === 'function' ? (candidate as Reconciler) : candidate.default;
  reconciler?.render(element);
}
