/**
 * `npm run lint:forge`: Atlassian's own Forge linters (@forge/lint, which @forge/cli brings)
 * run offline on manifest.yml and src/, with no Atlassian login: the manifest schema, and
 * every Jira REST call checked against the scopes the manifest declares. The scopes each
 * operation needs are read from the Jira OpenAPI specs vendored in test/fixtures/specs
 * (products Keyrank never calls get empty stubs).
 * Exit status: 0 no errors, 1 lint errors, 2 the linter could not run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const specs = (file: string) =>
  fileURLToPath(new URL(`../test/fixtures/specs/${file}`, import.meta.url));
// @forge/lint reads these once, when it is loaded, so they are set before the require below.
Object.assign(process.env, {
  USE_LOCAL_SWAGGER: '1',
  LOCAL_JIRA_SWAGGER: specs('jira-platform.v3.json'),
  LOCAL_JSW_SWAGGER: specs('jira-software.v3.json'),
  LOCAL_JSM_SWAGGER: specs('stubs/jsm.json'),
  LOCAL_CONF_SWAGGER: specs('stubs/confluence.json'),
  LOCAL_CONF_V2_SWAGGER: specs('stubs/confluence-v2.json'),
  LOCAL_BB_SWAGGER: specs('stubs/bitbucket.json'),
});

interface Finding {
  line: number;
  column: number;
  message: string;
  reference: string;
}
interface LintResult {
  file?: string;
  filepath?: string;
  errors: Finding[];
  warnings: Finding[];
}
interface ForgeLint {
  lint(
    files: string[],
    manifest: unknown,
    environment: string,
    logger: Record<string, (...args: unknown[]) => void>,
    flags: Record<string, () => Promise<unknown>>,
    options: object,
  ): Promise<LintResult[]>;
}
interface CliShared {
  FileSystemReader: new () => { recursiveReadDir(dir: string, skip: string[]): Promise<string[]> };
}

async function main(): Promise<number> {
  const require = createRequire(import.meta.url);
  let forgeLint: ForgeLint;
  let cliShared: CliShared;
  try {
    forgeLint = require('@forge/lint') as ForgeLint;
    cliShared = require('@forge/cli-shared') as CliShared;
  } catch (error) {
    console.error(`lint:forge: @forge/lint is missing — run npm install (${String(error)})`);
    return 2;
  }
  const quiet = () => undefined;
  const logger = { info: console.log, warn: console.warn, error: console.error, log: console.log };
  const manifest = parseYaml(readFileSync('manifest.yml', 'utf8')) as unknown;
  const files = await new cliShared.FileSystemReader().recursiveReadDir('./src', ['node_modules']);
  // Offline there is no feature-flag service: no runtime is reported deprecated, no gate open.
  const flags = {
    getDeprecatedRuntimes: () => Promise.resolve([]),
    checkGate: () => Promise.resolve(false),
  };
  const results = await forgeLint.lint(
    files,
    manifest,
    'development',
    { ...logger, debug: quiet, trace: quiet, verbose: quiet },
    flags,
    { linter: { mode: 'client-side' } },
  );
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    const file = result.file ?? result.filepath ?? '';
    for (const [level, findings] of [
      ['error', result.errors],
      ['warning', result.warnings],
    ] as const) {
      for (const f of findings) {
        console.log(
          `${level.padEnd(7)} ${file}:${f.line}:${f.column}  ${f.message}  (${f.reference})`,
        );
      }
    }
    errors += result.errors.length;
    warnings += result.warnings.length;
  }
  console.log(`lint:forge: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error('lint:forge: could not run:', error);
    process.exitCode = 2;
  },
);
