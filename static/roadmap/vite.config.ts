import { pageViteConfig } from '../shared/page-vite-config.ts';

/** The OKR roadmap Custom UI page; the manifest's resource is static/roadmap/build. */
export default pageViteConfig(import.meta.url, 'Keyrank OKR roadmap');
