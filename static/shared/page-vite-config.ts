import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/** Every page's HTML: static/shared/page.html, its title filled in. */
const PAGE_HTML = readFileSync(new URL('page.html', import.meta.url), 'utf8');

/**
 * Gives a page folder its entry, `<page>/index.html`, from the one template: the pages differ
 * only in their title, and Vite reads the entry through this plugin instead of from the disk.
 */
function pageHtml(root: string, title: string): Plugin {
  const entry = join(root, 'index.html');
  return {
    name: 'keyrank-page-html',
    enforce: 'pre',
    resolveId: (id) => (id === entry ? entry : null),
    load: (id) => (id === entry ? PAGE_HTML.replace('%PAGE_TITLE%', title) : null),
  };
}

/**
 * The Vite build of one Custom UI page, given its vite.config.ts's `import.meta.url` and its
 * title: the page's folder is the root (its code in `src/`, entered at `src/main.tsx`), built
 * into its own `build/` (the manifest's resource). Forge serves each build from a sub-path, so
 * asset URLs are relative; code from static/shared is bundled into each page's build, so each
 * resource folder stands alone.
 *
 * @example export default pageViteConfig(import.meta.url, 'Keyrank OKRs');
 */
export function pageViteConfig(configUrl: string, title: string): UserConfig {
  const root = fileURLToPath(new URL('.', configUrl));
  return defineConfig({
    root,
    base: './',
    logLevel: 'warn',
    mode: 'production',
    plugins: [pageHtml(root, title)],
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
}
