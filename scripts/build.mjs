/**
 * `npm run build`: bundles the `keyrank` CLI (src/cli/main.ts) into dist/cli/main.js with
 * esbuild. Sources import each other without extensions, as Forge's bundler needs; a bundle
 * is what lets Node run them too. Packages stay external: npm installs them.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// A clean dist/, so no file from an earlier layout is ever run by mistake.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
