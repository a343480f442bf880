import type {
  KrSuggestionView,
  PanelData,
  PanelSavePayload,
  RiceDraft,
} from '../../../contract/panel';
import {
  buildSuggester,
  decideIssue,
  IMPACT_SCALE,
  parseRice,
  RICE_FIELDS,
  type Day,
  type IssueSnapshot,
  type Okrs,
  type RiceField,
} from '../../../core/index';
import { InvalidInputError, JiraHttpError } from '../../api/errors';
import { fieldIdsOf, type FieldIds } from '../../api/field-ids';
import type { UserDeps } from '../../deps';
import { asPermitted, refusal, type Requirement } from '../../forge/authorization';
import { snapshotFields, toSnapshot } from '../../read/issue-snapshot';
import { krChoices } from '../../read/kr-choices';
import { projectOfIssueKey, readLinkedIssues } from '../../read/read-linked-issues';
import { loadWorkspace } from '../../store/workspace-store';
import { linkKeyResult } from '../../sync/link-key-result';
import { syncIssue } from '../../sync/sync-issue';
import { suggestionViews, verdictOf } from '../../../contract/roadmap-view';
import { linkedStanding } from './linked-standing';

const CONFIDENCE_SCALE = [
  { value: 100, label: 'High (100%)' },
  { value: 80, label: 'Medium (80%)' },
  { value: 50, label: 'Low (50%)' },
];
const IMPACT_CHOICES = IMPACT_SCALE.map((step) => ({
  value: step.value,
  label: `${step.name[0]?.toUpperCase() ?? ''}${step.name.slice(1)} (${step.value})`,
}));

const editIssue = (issueKey: string): Requirement => ({
  permission: 'EDIT_ISSUES',
  issue: issueKey,
});

const draftText = (raw: unknown): string =>
  typeof raw === 'number' || typeof raw === 'string' ? String(raw) : '';

/**
 * Suggestions for an issue the core iceboxes, learnt from the project's linked issues the user
 * may see: one more search as the user (one per 100 linked issues, at most 5).
 */
async function suggestionsFor(
  deps: UserDeps,
  ids: FieldIds,
  issue: IssueSnapshot,
  okrs: Okrs,
  asOf: Day,
): Promise<KrSuggestionView[]> {
  if (okrs.objectives.length === 0) {
    return [];
  }
  const linked = await readLinkedIssues(deps.user, ids, projectOfIssueKey(issue.key));
  const suggester = buildSuggester({ okrs, issues: linked, asOf });
  return suggestionViews(suggester.suggest(issue), okrs);
}

/**
 * The panel's data, read as the user: what they may see, whether they may edit, and for an
 * Icebox issue the key results it could serve. 3 requests (issue, Edit issues, field ids once
 * per invocation), plus the linked-issue search for an Icebox issue.
 */
export async function getPanel(deps: UserDeps, issueKey: string): Promise<PanelData> {
  const workspace = await loadWorkspace(deps.store);
  const ids = await fieldIdsOf(deps.app);
  const jira = toSnapshot(await deps.user.getIssue(issueKey, snapshotFields(ids)), ids);
  const canEdit = await deps.user.hasPermission('EDIT_ISSUES', { issueKey });
  const asOf = deps.today();
  const okrs = workspace.okrs ?? { objectives: [] };
  const decision = decideIssue(jira.snapshot, okrs, workspace.settings, asOf);
  const rice = jira.snapshot.rice;
  return {
    issueKey,
    canEdit,
    readOnlyReason: canEdit ? null : refusal(editIssue(issueKey)),
    choices: krChoices(workspace.okrs, asOf),
    linked: jira.snapshot.keyResults,
    rice: {
      reach: draftText(rice?.reach),
      impact: draftText(rice?.impact),
      confidence: draftText(rice?.confidence),
      effort: draftText(rice?.effort),
    },
    verdict: verdictOf(decision),
    suggestions: decision.icebox ? await suggestionsFor(deps, ids, jira.snapshot, okrs, asOf) : [],
    linkedStanding: linkedStanding(jira.snapshot.keyResults, okrs, asOf, workspace.settings),
    impactScale: IMPACT_CHOICES,
    confidenceScale: CONFIDENCE_SCALE,
  };
}

/** Valid RICE values by field; an empty field is left unset (the score then waits for it). */
export function readRiceDraft(draft: RiceDraft): Partial<Record<RiceField, number>> {
  const check = parseRice(draft);
  const problems = check.ok ? [] : check.problems.filter((p) => !p.startsWith('needs RICE'));
  if (problems.length > 0) {
    throw new InvalidInputError('RICE was not saved — fix these values:', problems);
  }
  if (check.ok) {
    return check.rice;
  }
  // Some fields are empty: read each given one on its own, against neutral stand-ins.
  const neutral = { reach: 1, impact: 1, confidence: 100, effort: 1 };
  const values: Partial<Record<RiceField, number>> = {};
  for (const field of RICE_FIELDS) {
    if (!check.missing.includes(field)) {
      const one = parseRice({ ...neutral, [field]: draft[field] });
      if (one.ok) {
        values[field] = one.rice[field];
      }
    }
  }
  return values;
}

/**
 * Saves the issue's KR links and RICE as the user (Jira enforces "Edit issues"; the resolver
 * checked it first), then recomputes score and icebox as the app. Bad input is answered
 * before anything is written.
 */
export async function savePanel(
  deps: UserDeps,
  payload: PanelSavePayload & { issueKey: string },
): Promise<PanelData> {
  const { issueKey } = payload;
  const workspace = await loadWorkspace(deps.store);
  const known = new Set(krChoices(workspace.okrs, deps.today()).map((c) => c.id));
  const unknown = payload.keyResults.filter((id) => !known.has(id));
  const problems = unknown.map((id) => `${id} is not a key result of an active objective`);
  let rice: Partial<Record<RiceField, number>> = {};
  try {
    rice = readRiceDraft(payload.rice);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      problems.push(...error.problems);
    } else {
      throw error;
    }
  }
  if (problems.length > 0) {
    throw new InvalidInputError('Nothing was saved — fix these first:', problems);
  }
  const ids = await fieldIdsOf(deps.app);
  const links = [...new Set(payload.keyResults)];
  try {
    await asPermitted(editIssue(issueKey), () =>
      deps.user.editIssue(issueKey, {
        fields: {
          [ids.keyResults]: links,
          [ids.rice]: Object.keys(rice).length === 0 ? null : rice,
        },
      }),
    );
  } catch (error) {
    if (error instanceof JiraHttpError && error.status === 400) {
      // Jira sets a field through the issue API only when it is on the issue's edit screen.
      throw new InvalidInputError(
        `Jira did not save ${issueKey} — a Jira admin may need to add the Key Results and RICE fields to this project's edit screen`,
        [error.message],
      );
    }
    throw error;
  }
  await syncIssue(deps, issueKey);
  return getPanel(deps, issueKey);
}

/**
 * "Link to O1-KR2" on a suggestion: adds that key result to the issue's links as the user,
 * recomputes score and icebox as the app, and answers the panel as it now is.
 */
export async function linkSuggestion(
  deps: UserDeps,
  issueKey: string,
  krId: string,
): Promise<PanelData> {
  await linkKeyResult(deps, issueKey, krId);
  return getPanel(deps, issueKey);
}
