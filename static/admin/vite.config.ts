import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin Custom UI page (jira:adminPage). Forge serves `build/` from a sub-path, so asset URLs are
 * relative; the manifest's resource points at static/admin/build.
 */
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  mode: 'production',
  // Production JSX even when a test runner (NODE_ENV=test) starts the build.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
