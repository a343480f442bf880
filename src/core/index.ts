/** The scoring core: pure functions shared by the CLI, the Jira app and the Linear adapter. */
export * from './alignment';
export * from './bau';
export * from './capacity';
export * from './decision-summary';
export * from './day';
export * from './format';
export * from './icebox';
export * from './issue';
export * from './okr-file';
export * from './okrs';
export * from './period';
export * from './plan';
export * from './rank';
export * from './rice';
export * from './score';
export * from './settings';
export * from './validation-message';
