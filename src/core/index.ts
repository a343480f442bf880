/** The scoring core: pure functions shared by the CLI, the Jira app and the Linear adapter. */
export * from './alignment.js';
export * from './bau.js';
export * from './capacity.js';
export * from './day.js';
export * from './format.js';
export * from './icebox.js';
export * from './issue.js';
export * from './okr-file.js';
export * from './okrs.js';
export * from './period.js';
export * from './plan.js';
export * from './rank.js';
export * from './rice.js';
export * from './score.js';
export * from './settings.js';
export * from './validation-message.js';
