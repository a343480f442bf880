/**
 * The Forge manifest's table of contents: every `handler: index.<name>` in manifest.yml is
 * exported here, grouped by module kind. Entry points are thin; logic lives in src/jira/services.
 */

// Resolvers (UI Kit pages and panels, contract in src/shared/contract.ts)
export { panelResolver } from './jira/entry/resolvers/issue-panel';
export { adminResolver } from './jira/entry/resolvers/admin-page';
export { roadmapResolver } from './jira/entry/resolvers/roadmap';

// Triggers
export { onIssueChanged } from './jira/entry/triggers/issue-changed';
export { onDailyReconcile } from './jira/entry/triggers/daily-reconcile';

// Queue consumers
export { onReconcileBatch } from './jira/entry/consumers/reconcile-batch';
