import { view } from '@forge/bridge';

/** The project the page is opened from; undefined on the global page. */
export async function projectKeyOfPage(): Promise<string | undefined> {
  try {
    const context = await view.getContext();
    const project = (context.extension as { project?: { key?: unknown } }).project;
    return typeof project?.key === 'string' ? project.key : undefined;
  } catch {
    return undefined;
  }
}
