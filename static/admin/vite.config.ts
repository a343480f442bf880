import { pageViteConfig } from '../shared/page-vite-config.ts';

/** The admin Custom UI page (jira:adminPage); the manifest's resource is static/admin/build. */
export default pageViteConfig(import.meta.url, 'Keyrank OKRs');
