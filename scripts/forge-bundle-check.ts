/**
 * `npm run check:forge`: runs the webpack configurations `forge deploy` uses (from
 * @forge/bundler, offline) on the backend (src/index.ts) and on each UI Kit resource, and
 * fails on any error. It guards what `forge lint` cannot see: that Forge's own bundler can
 * resolve and compile the sources (extensionless imports, a tsconfig that emits).
 */
import { createRequire } from 'node:module';

interface Rule {
  loader?: string;
  options?: { compilerOptions?: Record<string, unknown> };
  use?: { loader?: string; options?: { compilerOptions?: Record<string, unknown> } }[];
  resolve?: Record<string, unknown>;
  test?: RegExp;
}
interface Config {
  target?: string;
  output: Record<string, unknown>;
  resolve: Record<string, unknown>;
  module: { rules: Rule[] };
}
interface Stats {
  toJson(options: object): { errors: { message: string }[] };
}
type Webpack = (config: Config, done: (error: Error | null, stats?: Stats) => void) => void;

// @forge/bundler insists on a CommonJS main module; this script is ESM, so lend it one.
(process as { mainModule?: object }).mainModule ??= { filename: import.meta.filename };
const require = createRequire(import.meta.url);
const common = require('@forge/bundler/out/config/common.js') as {
  getCommonWebpackConfig(args: object): Config;
};
const nativeui = require('@forge/bundler/out/config/nativeui.js') as {
  getNativeUiBuildConfig(entries: object[], i18n: object): Config | Config[];
};
const webpack = require('webpack') as Webpack;

const out = '/tmp/keyrank-forge-bundle-check';

function run(name: string, config: Config): Promise<number> {
  return new Promise((resolve) => {
    webpack(config, (error, stats) => {
      const errors = error
        ? [{ message: error.message }]
        : (stats?.toJson({ all: false, errors: true }).errors ?? []);
      console.log(`${name}: ${errors.length} error(s)`);
      for (const e of errors.slice(0, 3)) {
        console.log(`  ${e.message.split('\n').slice(0, 2).join(' — ')}`);
      }
      resolve(errors.length);
    });
  });
}

const backend = common.getCommonWebpackConfig({
  appDirectory: process.cwd(),
  entryPoints: [{ name: 'index', path: 'src/index.ts' }],
  outputDir: `${out}/backend`,
});
// What NodeBundler adds for the nodejs runtime.
backend.target = 'node18';
backend.output = { ...backend.output, filename: '[name].cjs', path: `${out}/backend` };
backend.module.rules.push({ test: /\.m?js$/, resolve: { fullySpecified: false } });

let failures = await run('backend src/index.ts', backend);
// The admin page and the roadmap are Custom UI (static/, built by Vite), not UI Kit.
for (const [resource, path] of [['issue-panel', 'src/jira/pages/panel/issue-panel.tsx']]) {
  const built = nativeui.getNativeUiBuildConfig([{ name: resource, path }], {});
  const config = Array.isArray(built) ? built[0] : built;
  if (config !== undefined) {
    config.output = { ...config.output, path: `${out}/${resource}` };
    failures += await run(`UI Kit ${resource}`, config);
  }
}
process.exitCode = failures > 0 ? 1 : 0;
