/**
 * The Forge manifest's table of contents: every `handler: index.<name>` in manifest.yml is
 * exported here, grouped by module kind. The entry points (src/jira/forge/) are thin: each
 * page's handlers and service live in src/jira/pages/<page>/, the writes in src/jira/sync/.
 */

// Resolvers (the panel, the admin page and the roadmap; contract in src/contract/)
export { panelResolver } from './jira/forge/resolvers/panel-resolver';
export { adminResolver } from './jira/forge/resolvers/admin-resolver';
export { roadmapResolver } from './jira/forge/resolvers/roadmap-resolver';

// Triggers
export { onIssueChanged } from './jira/forge/triggers/issue-changed';
export { onDailyReconcile } from './jira/forge/triggers/daily-reconcile';

// Web triggers
export { onPushCheckIn } from './jira/forge/triggers/push-check-in';

// Queue consumers
export { onReconcileBatch } from './jira/forge/consumers/reconcile-batch';
