import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A user's clone has nothing beside it, so nothing in the repository may read outside it:
 * every relative path written in a source, test, script, bench or page file must resolve
 * inside the repository, and no file may name the folders our own machines keep beside it.
 * (`.ci/run` also runs the test command in a fresh clone with nothing beside it.)
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const FOLDERS = ['src', 'test', 'scripts', 'bench', 'static'];
const SKIP = new Set(['node_modules', 'build', 'dist', 'artifacts']);
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|html)$/;
const RELATIVE = /['"`](\.\.?\/[^'"`\s$]*)['"`]/g;
// Folder names that exist only beside our own checkouts.
const OUTSIDE = /\.\.\/(shared\/(specs|tools|seeds|hooks)|\.library|\.mirror)\b|\/work\//;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return SKIP.has(entry.name) ? [] : files(path);
    }
    return CODE.test(entry.name) && path !== SELF ? [path] : [];
  });
}

function escapes(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [, path = ''] of text.matchAll(RELATIVE)) {
    const target = resolve(dirname(file), path);
    if (target !== ROOT.replace(/[/\\]$/, '') && !target.startsWith(ROOT)) {
      found.push(`${relative(ROOT, file)}: "${path}" resolves outside the repository`);
    }
  }
  for (const line of text.split('\n')) {
    if (OUTSIDE.test(line)) {
      found.push(`${relative(ROOT, file)}: names a folder outside the repository: ${line.trim()}`);
    }
  }
  return found;
}

describe('the repository stands alone', () => {
  it('has no source, test, script, bench or page file that reads outside it', () => {
    const all = FOLDERS.flatMap((folder) => files(join(ROOT, folder)));
    expect(all.length).toBeGreaterThan(100);
    expect(all.flatMap((file) => escapes(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('has npm scripts that name nothing outside it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const outside = Object.entries(pkg.scripts).filter(
      ([, command]) => /(^|[\s=])(\.\.[/\\]|\/)/.test(command) || OUTSIDE.test(command),
    );
    expect(outside).toEqual([]);
  });

  it('catches a path that climbs out, as the old spec readers did', () => {
    const file = join(ROOT, 'test', 'jira', 'local-jira', 'x.ts');
    // The samples name the sibling folder only when run, so this file itself reads nothing outside.
    const specs = ['shared', 'specs'].join('/');
    expect(escapes(file, `new URL('../../../../${specs}/', import.meta.url)`)).toHaveLength(2);
    expect(escapes(file, "new URL('../../fixtures/specs/', import.meta.url)")).toEqual([]);
    expect(escapes(join(ROOT, 'x.ts'), `readFileSync('../${specs}/linear.graphql')`)).toHaveLength(
      2,
    );
    expect(sep === '/' || sep === '\\').toBe(true);
  });
});
