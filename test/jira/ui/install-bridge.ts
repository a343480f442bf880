/**
 * UI Kit talks to Jira through `self.__bridge.callBridge`, which the Forge CDN script installs
 * in production. `@forge/bridge` looks for it when it loads, so this module must be imported
 * before `@forge/react`. Each render's document arrives as a `reconcile` call.
 */
export interface BridgeCall {
  cmd: string;
  data: { forgeDoc?: ForgeDoc } & Record<string, unknown>;
}

export interface ForgeDoc {
  type: string;
  props?: Record<string, unknown>;
  children: ForgeDoc[];
  key?: string;
}

export const bridgeCalls: BridgeCall[] = [];

const bridge = {
  callBridge: (cmd: string, data: BridgeCall['data']) => {
    bridgeCalls.push({ cmd, data });
    return Promise.resolve();
  },
};
// `@forge/react` looks on `self`, `@forge/bridge` on `globalThis`.
Object.assign(globalThis, { self: { __bridge: bridge }, __bridge: bridge });
