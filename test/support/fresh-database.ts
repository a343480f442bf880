import { inject } from 'vitest';
import { createDatabase } from './postgres';

/** A new empty database on the run's PostgreSQL server (vitest.config.ts starts it); its URL. */
export function freshDatabase(name?: string): Promise<string> {
  return createDatabase(inject('postgresUrl'), name);
}
