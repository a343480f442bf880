import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as entryPoints from '../../src/index';

/** What forge-lint's schema allows but Jira needs: checked here because the linter cannot. */
interface CustomField {
  key: string;
  type: string;
  formatter?: unknown;
  view?: { formatter?: { expression?: string } };
}
interface Manifest {
  modules: {
    'jira:customField': CustomField[];
    function: { key: string; handler: string }[];
  };
  permissions: { scopes: string[] };
}

const manifest = parse(
  readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'),
) as Manifest;

describe('manifest.yml', () => {
  it('gives every object field its formatter under view, where Jira needs it for JQL', () => {
    const objects = manifest.modules['jira:customField'].filter((f) => f.type === 'object');
    expect(objects.map((f) => f.key)).toEqual(['rice']);
    for (const field of objects) {
      expect(field.formatter).toBeUndefined();
      expect(field.view?.formatter?.expression).toContain('value.reach');
    }
  });

  it('names only handlers that src/index.ts exports', () => {
    for (const fn of manifest.modules.function) {
      const name = fn.handler.replace(/^index\./, '');
      expect(typeof (entryPoints as Record<string, unknown>)[name], fn.handler).toBe('function');
    }
  });
});
