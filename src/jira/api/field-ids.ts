import { NotFoundError } from './errors';
import type { JiraClient, JiraField } from './jira-client';

/** The Jira field ids (`customfield_10042`) behind Keyrank's manifest fields. */
export interface FieldIds {
  score: string;
  keyResults: string;
  rice: string;
  /** Jira Software's Sprint field, when the site has one. */
  sprint: string | null;
  /** Story points ("Story point estimate"), the capacity check's effort, when the site has one. */
  estimate: string | null;
}

/** Manifest module keys of the app's custom fields (see manifest.yml). */
export const FIELD_MODULES = {
  score: 'okr-score',
  keyResults: 'key-results',
  rice: 'rice',
} as const;

const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';
const STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';

/**
 * Finds the app's fields by their Forge extension id, which ends in `/static/<module key>`;
 * names can be renamed by admins, the extension id cannot.
 */
export function findFieldIds(fields: readonly JiraField[]): FieldIds {
  const byModule = (moduleKey: string): string => {
    const field = fields.find((f) => f.schema?.custom?.endsWith(`/static/${moduleKey}`) === true);
    if (field === undefined) {
      throw new NotFoundError(
        `the Keyrank field "${moduleKey}" is missing — run forge deploy and forge install again`,
      );
    }
    return field.id;
  };
  return {
    score: byModule(FIELD_MODULES.score),
    keyResults: byModule(FIELD_MODULES.keyResults),
    rice: byModule(FIELD_MODULES.rice),
    sprint: fields.find((f) => f.schema?.custom === SPRINT_TYPE)?.id ?? null,
    estimate:
      (
        fields.find((f) => f.schema?.custom === STORY_POINTS_TYPE) ??
        fields.find((f) => /^story points?$/i.test(f.name))
      )?.id ?? null,
  };
}

const cache = new WeakMap<JiraClient, Promise<FieldIds>>();

/** The app's field ids, looked up once per client (one GET /rest/api/3/field per invocation). */
export function fieldIdsOf(app: JiraClient): Promise<FieldIds> {
  let ids = cache.get(app);
  if (ids === undefined) {
    ids = app.fields().then(findFieldIds);
    ids.catch(() => cache.delete(app));
    cache.set(app, ids);
  }
  return ids;
}
