import type { ResolverResult } from '../../../../src/contract/result';
import { defineResolvers } from '../../../../src/jira/forge/define-resolvers';
import { adminHandlers } from '../../../../src/jira/pages/admin/admin-handlers';
import { ADMIN, memoryQueue, type Harness } from '../../harness';
import { invoke } from '../../invoke-resolver';

/** The webtrigger URL the admin tests' Forge would give. */
export const PUSH_URL = 'https://example.atlassian-dev.net/x1/push-check-in-test';

/** Calls an admin resolver the way Forge does (as a Jira administrator unless told). */
export function callAdmin<T>(
  harness: Harness,
  functionKey: string,
  payload: unknown = {},
  accountId = ADMIN,
): Promise<ResolverResult<T>> {
  const admin = defineResolvers(
    adminHandlers(
      () => memoryQueue(),
      () => 'job',
      () => Promise.resolve(PUSH_URL),
    ),
    () => harness.deps,
  );
  return invoke<T>(admin, functionKey, payload, { runtime: harness.runtime, accountId });
}

/**
 * Living key results: O1-KR1 takes pushed values (one check-in in the file), O1-KR2 is read
 * from its linked issues, O2-KR1 is checked in by people.
 */
export const LIVING_OKR_FILE = `period: 2026-Q4
objectives:
  - id: O1
    title: Become the most user-friendly PM tool for creative agencies
    owner: ana@example.com
    keyResults:
      - id: O1-KR1
        title: Increase NPS
        baseline: 40
        target: 55
        progress: { source: push }
        checkIns:
          - { date: 2026-10-06, value: 41, note: Q3 survey }
      - id: O1-KR2
        title: Ship the template gallery
        baseline: 0
        target: 10
        progress: { source: linked-done, by: count }
  - id: O2
    title: Make templates the front door
    weight: 2
    keyResults:
      - { id: O2-KR1, title: Template usage growth MoM, baseline: 0, target: 30, unit: "%" }
`;
