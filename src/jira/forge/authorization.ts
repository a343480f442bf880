import { ForbiddenError, JiraHttpError, NotFoundError } from '../api/errors';
import type { JiraClient } from '../api/jira-client';

/**
 * Who may do what (PRODUCT.md §6). Forge lets anyone who can load a module call its
 * resolvers, whatever the UI shows, so every resolver states a `Requirement` and the
 * resolver framework checks it here, as the user, before the resolver does anything.
 */

export type ProjectPermission = 'BROWSE_PROJECTS' | 'EDIT_ISSUES' | 'SCHEDULE_ISSUES';

export type Requirement =
  /** Jira's global "Administer Jira": OKRs, settings, a site-wide reconcile. */
  | { permission: 'ADMINISTER' }
  /** Checking in a KR value: administrators, and members of the setting `checkInGroups`. */
  | { permission: 'CHECK_IN' }
  | { permission: ProjectPermission; project: string }
  | { permission: ProjectPermission; issue: string }
  /** Reads only, each made `asUser()`: Jira itself answers only what the user may browse. */
  | { permission: 'READS_AS_USER' };

export const READS_AS_USER: Requirement = { permission: 'READS_AS_USER' };
export const CHECK_IN: Requirement = { permission: 'CHECK_IN' };

const ASK_PROJECT_ADMIN = 'ask a project admin.';
const NAMES: Record<ProjectPermission, string> = {
  BROWSE_PROJECTS: 'Browse projects',
  EDIT_ISSUES: 'Edit issues',
  SCHEDULE_ISSUES: 'Schedule issues',
};

/** The sentence a refused person reads: what they tried, what Jira needs, whom to ask. */
export function refusal(requirement: Requirement): string {
  switch (requirement.permission) {
    case 'ADMINISTER':
      return "Only Jira administrators can manage Keyrank's OKRs, settings and reconciles — ask a Jira admin to do this.";
    case 'CHECK_IN':
      return "Only Jira administrators and members of the groups in Keyrank's check-in setting can check in key-result values — ask a Jira admin to add your group.";
    case 'READS_AS_USER':
      return 'Keyrank acts for a signed-in Jira user — sign in to Jira and try again.';
    default: {
      const needed = `Jira's "${NAMES[requirement.permission]}" permission is needed — ${ASK_PROJECT_ADMIN}`;
      if ('issue' in requirement) {
        return `You cannot ${requirement.permission === 'SCHEDULE_ISSUES' ? 'rank' : 'edit'} ${requirement.issue}: ${needed}`;
      }
      const doing =
        requirement.permission === 'BROWSE_PROJECTS'
          ? `see the ${requirement.project} project`
          : requirement.permission === 'SCHEDULE_ISSUES'
            ? `rank issues in ${requirement.project}`
            : `edit issues in ${requirement.project}`;
      return `You cannot ${doing}: ${needed}`;
    }
  }
}

export interface Caller {
  /** Forge's `context.accountId`: undefined when no user is signed in. */
  accountId: string | undefined;
  /** A client that acts `asUser()`, so Jira answers for this person. */
  user: JiraClient;
  /** The groups whose members may check in besides admins (settings' `checkInGroups`). */
  checkInGroups?: () => Promise<readonly string[]>;
}

/**
 * Resolves when Jira says the caller holds the permission; throws a `ForbiddenError` (or a
 * `NotFoundError` for an issue they cannot see) otherwise. Asks Jira's `mypermissions` as the
 * user — never as the app, which would answer for Keyrank instead of the person.
 */
export async function requirePermission(caller: Caller, requirement: Requirement): Promise<void> {
  if (caller.accountId === undefined || caller.accountId === '') {
    throw new ForbiddenError(refusal(READS_AS_USER));
  }
  if (requirement.permission === 'READS_AS_USER') {
    return;
  }
  if (requirement.permission === 'CHECK_IN') {
    if (!(await mayCheckIn(caller))) {
      throw new ForbiddenError(refusal(requirement));
    }
    return;
  }
  const scope =
    'issue' in requirement
      ? { issueKey: requirement.issue }
      : 'project' in requirement
        ? { projectKey: requirement.project }
        : null;
  let holds: boolean;
  try {
    holds = await caller.user.hasPermission(requirement.permission, scope);
  } catch (error) {
    // Jira answers 404 for a project or issue the user cannot see, as for one that is not there.
    if (error instanceof JiraHttpError && error.status === 404 && 'issue' in requirement) {
      throw notVisible(requirement.issue);
    }
    if (error instanceof JiraHttpError && error.status === 404) {
      throw new ForbiddenError(refusal(requirement));
    }
    throw error;
  }
  if (!holds) {
    throw new ForbiddenError(refusal(requirement));
  }
}

/** Whether the caller may check in: an admin, or a member of one of `checkInGroups`. */
export async function mayCheckIn(caller: Caller): Promise<boolean> {
  if (await caller.user.hasPermission('ADMINISTER')) {
    return true;
  }
  const allowed = (await caller.checkInGroups?.()) ?? [];
  if (allowed.length === 0) {
    return false;
  }
  const mine = new Set(await caller.user.myGroups());
  return allowed.some((group) => mine.has(group));
}

/** Jira answers 404 for an issue the user cannot see, as for one that is not there. */
const notVisible = (issue: string): NotFoundError =>
  new NotFoundError(`${issue} does not exist or you cannot see it`);

/**
 * Runs a request made as the user. Jira is the authority: a 401/403 (a permission taken away
 * since the check) becomes the same refusal the check would have given, and a 404 for the
 * issue the same "does not exist or you cannot see it".
 */
export async function asPermitted<T>(requirement: Requirement, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JiraHttpError && (error.status === 403 || error.status === 401)) {
      throw new ForbiddenError(refusal(requirement));
    }
    if (error instanceof JiraHttpError && error.status === 404 && 'issue' in requirement) {
      throw notVisible(requirement.issue);
    }
    throw error;
  }
}
