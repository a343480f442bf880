import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering (core ← jira / linear ← cli) is enforced by eslint.config.js; these cases
 * are deliberate bad imports, linted as if they lived in each folder, to show the rules bite.
 * Type-aware rules are off here: the files do not exist, and only the boundaries are at stake.
 */
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('no-restricted') ?? false)
    .map((m) => m.message);
}

describe('the import boundaries', () => {
  it.each([
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/core/x.ts', "import { readFileSync } from 'fs';"],
    ['src/core/x.ts', "import api from '@forge/api';"],
    ['src/core/x.ts', "import Database from 'better-sqlite3';"],
    ['src/core/x.ts', "import { LinearClient } from '@linear/sdk';"],
    ['src/core/x.ts', "import { JiraClient } from '../jira/client/jira-client';"],
    ['src/core/x.ts', "import { main } from '../cli/main';"],
    ['src/core/x.ts', "import type { PanelData } from '../contract/panel';"],
    ['src/core/x.ts', 'export const today = () => new Date();'],
    ['src/core/x.ts', 'export const now = () => Date.now();'],
    ['src/core/x.ts', 'export const env = () => process.env.TZ;'],
    ['src/jira/x.ts', "import { EventQueue } from '../linear/store/event-queue';"],
    ['src/jira/x.ts', "import { LinearClient } from '@linear/sdk';"],
    ['src/linear/x.ts', "import { JiraClient } from '../jira/client/jira-client';"],
    ['src/linear/x.ts', "import { main } from '../cli/main';"],
    ['src/linear/x.ts', "import api from '@forge/api';"],
    ['src/linear/x.ts', 'export const now = () => Date.now();'],
    ['src/linear/x.ts', 'export const today = () => new Date();'],
    ['src/cli/x.ts', "import { plan } from './plan.js';"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each([
    [
      'src/core/x.ts',
      "import { z } from 'zod';\nexport const at = (day: string) => new Date(day);",
    ],
    ['src/jira/x.ts', "import { plan } from '../core/index';\nimport { route } from '@forge/api';"],
    ['src/jira/x.ts', "import { JiraClient } from './api/jira-client';"],
    ['src/linear/x.ts', 'export const iso = (ms: number) => new Date(ms).toISOString();'],
    [
      'src/linear/x.ts',
      "import { plan } from '../core/index';\nimport Database from 'better-sqlite3';",
    ],
    [
      'src/cli/x.ts',
      "import { startServer } from '../linear/server/start-server';\nimport { readFileSync } from 'node:fs';",
    ],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
