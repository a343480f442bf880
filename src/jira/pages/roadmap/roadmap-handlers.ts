import type { PageKey } from '../../../contract/resolvers';
import { InvalidInputError } from '../../api/errors';
import { CHECK_IN, READS_AS_USER, type Requirement } from '../../forge/authorization';
import type { Handlers, ResolverContext } from '../../forge/define-resolvers';
import { checkInBy, checkInKeyResult } from '../../sync/check-in-key-result';
import { applyRerank } from './apply-rerank';
import { getRoadmap } from './get-roadmap';
import { linkIcebox } from './link-icebox';
import { previewRerank } from './preview-rerank';

/** The project page's project: Forge's context wins over the payload, which the browser sends. */
function projectOf(context: ResolverContext, payload: { projectKey?: string | undefined }) {
  const key = context.projectKey ?? payload.projectKey;
  return key === undefined || key === '' ? undefined : key;
}

function projectKeyOf(context: ResolverContext, payload: { projectKey?: string | undefined }) {
  const key = projectOf(context, payload);
  if (key === undefined) {
    throw new InvalidInputError('no project to re-rank — open the roadmap from a project');
  }
  return key;
}

/** Reading one project: asked up front, so the page can say why instead of an empty roadmap. */
const browse = (project: string | undefined): Requirement =>
  project === undefined ? READS_AS_USER : { permission: 'BROWSE_PROJECTS', project };

/** The roadmap's resolver functions. Every call acts as the user who clicked. */
export function roadmapHandlers(): Handlers<PageKey<'roadmap'>> {
  return {
    'roadmap/get': {
      requires: (payload, context) => browse(projectOf(context, payload)),
      run: (payload, context, deps) => {
        const projectKey = projectOf(context, payload);
        return getRoadmap(
          deps,
          projectKey === undefined ? { kind: 'global' } : { kind: 'project', projectKey },
          context.accountId,
        );
      },
    },
    'roadmap/linkIcebox': {
      requires: (payload) => ({ permission: 'EDIT_ISSUES', issue: payload.issueKey }),
      run: (payload, _, deps) => linkIcebox(deps, payload),
    },
    'roadmap/previewRerank': {
      requires: (payload, context) => browse(projectKeyOf(context, payload)),
      run: (payload, context, deps) => previewRerank(deps, projectKeyOf(context, payload)),
    },
    'roadmap/applyRerank': {
      requires: (payload, context) => ({
        permission: 'SCHEDULE_ISSUES',
        project: projectKeyOf(context, payload),
      }),
      run: (payload, context, deps) =>
        applyRerank(deps, { ...payload, projectKey: projectKeyOf(context, payload) }),
    },
    'roadmap/checkIn': {
      requires: () => CHECK_IN,
      run: async (payload, context, deps) => {
        const by = await checkInBy(deps.user, context.accountId);
        return checkInKeyResult(deps, {
          ...payload,
          ...(by !== undefined && { by }),
          source: 'manual',
        });
      },
    },
  };
}
