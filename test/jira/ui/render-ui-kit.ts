import * as React from 'react';
import type { ReactElement } from 'react';
import { bridgeCalls, type ForgeDoc } from './install-bridge';

type Reconciler = { render: (element: ReactElement) => void };
type Act = (work: () => Promise<void>) => Promise<void>;

/** Renders a UI Kit element with the real `@forge/react` reconciler and returns its document. */
export async function renderUiKit(element: ReactElement): Promise<ForgeDoc> {
  const forgeReact = (await import('@forge/react')) as unknown as {
    default: Partial<Reconciler> & { default?: Reconciler };
  };
  const candidate = forgeReact.default;
  const reconciler =
    typeof candidate.render === 'function' ? (candidate as Reconciler) : candidate.default;
  if (reconciler === undefined) {
    throw new Error('no UI Kit reconciler found in @forge/react');
  }
  const act = (React as unknown as { unstable_act: Act }).unstable_act;
  await act(() => {
    reconciler.render(element);
    return Promise.resolve();
  });
  const last = bridgeCalls.filter((c) => c.cmd === 'reconcile').at(-1)?.data.forgeDoc;
  if (last === undefined) {
    throw new Error('the reconciler sent no document over the bridge');
  }
  return last;
}

/** Every string in the document, in order: what a person would read. */
export function textOf(doc: ForgeDoc): string {
  const parts: string[] = [];
  const walk = (node: ForgeDoc): void => {
    if (node.type === 'String' && typeof node.props?.['text'] === 'string') {
      parts.push(node.props['text']);
    }
    for (const [name, value] of Object.entries(node.props ?? {})) {
      if (['title', 'label', 'caption'].includes(name) && typeof value === 'string') {
        parts.push(value);
      }
    }
    node.children.forEach(walk);
  };
  walk(doc);
  return parts.join('\n');
}

/** Nodes of one component type (`Select`, `Button`, …). */
export function findAll(doc: ForgeDoc, type: string): ForgeDoc[] {
  const found: ForgeDoc[] = [];
  const walk = (node: ForgeDoc): void => {
    if (node.type === type) {
      found.push(node);
    }
    node.children.forEach(walk);
  };
  walk(doc);
  return found;
}
