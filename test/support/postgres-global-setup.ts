import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL server (its maintenance database); see `freshDatabase`. */
    postgresUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run: starting one takes about a second, a database on
 * it milliseconds, so each suite takes a fresh database (`freshDatabase`) from this one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
