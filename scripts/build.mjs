/**
 * `npm run build`: bundles the `keyrank` CLI (src/cli/main.ts) into dist/cli/main.js with
 * esbuild, serve and linear in chunks beside it, loaded on demand. Sources import each other
 * without extensions, as Forge's bundler needs; a bundle is what lets Node run them too. Packages stay external: npm installs them.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Built beside dist/ and swapped in whole, so a test run in progress never finds dist/
// missing or half written, and no file from an earlier layout survives a rebuild.
const next = mkdtempSync('dist.next-');
try {
  await build({
    entryPoints: ['src/cli/main.ts'],
    outdir: `${next}/cli`,
    // Chunks: serve's and linear's modules (and the packages they import) load only when run.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  const old = `${next}.old`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync('dist', old);
  } catch {
    // no dist/ yet
  }
  renameSync(next, 'dist');
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(next, { recursive: true, force: true });
}
