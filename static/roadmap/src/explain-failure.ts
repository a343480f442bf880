// Moved to static/shared (the admin page explains failures with it too); fetch-transport.ts
// and test/roadmap/explain-failure.test.ts still import it from here.
export * from '../../shared/explain-failure';
