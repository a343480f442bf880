import { z } from 'zod';
import type { IssueSnapshot, IssueStatus } from '../../core/index';
import type { FieldIds } from '../api/field-ids';
import type { JiraIssue } from '../api/jira-client';
import { adfToText } from './adf-to-text';

/**
 * The Jira fields one snapshot needs; nothing else is requested. The description is what the
 * KR suggester learns from besides the title and labels: same request, a larger answer.
 */
export function snapshotFields(ids: FieldIds): string[] {
  return [
    'summary',
    'description',
    'status',
    'issuetype',
    'labels',
    ids.keyResults,
    ids.rice,
    ids.score,
    ...(ids.sprint === null ? [] : [ids.sprint]),
    ...(ids.estimate === null ? [] : [ids.estimate]),
  ];
}

const StatusSchema = z
  .object({ statusCategory: z.object({ key: z.string() }).passthrough().optional() })
  .passthrough();
const NamedSchema = z.object({ name: z.string() }).passthrough();
const KrListSchema = z.array(z.string()).catch([]);
const RiceValueSchema = z
  .object({
    reach: z.unknown().optional(),
    impact: z.unknown().optional(),
    confidence: z.unknown().optional(),
    effort: z.unknown().optional(),
  })
  .passthrough()
  .nullable()
  .catch(null);
const SprintListSchema = z
  .array(
    z
      .object({
        name: z.string(),
        state: z.enum(['active', 'future', 'closed']).optional().catch(undefined),
      })
      .passthrough(),
  )
  .catch([]);

/** The issue's sprints with their state (Jira Software's Sprint field); [] without the field. */
export function sprintsOf(issue: JiraIssue, ids: FieldIds): z.infer<typeof SprintListSchema> {
  return ids.sprint === null ? [] : SprintListSchema.parse(issue.fields[ids.sprint] ?? []);
}

/** A Jira issue plus what Keyrank last wrote on it: the basis for "nothing changed, no write". */
export interface JiraSnapshot {
  id: number;
  snapshot: IssueSnapshot;
  storedScore: number | null;
}

/** Jira status categories: new → todo, indeterminate → in progress, done → done. */
function statusOf(raw: unknown): IssueStatus {
  const parsed = StatusSchema.safeParse(raw);
  const key = parsed.success ? parsed.data.statusCategory?.key : undefined;
  return key === 'done' ? 'done' : key === 'indeterminate' ? 'in_progress' : 'todo';
}

const riceText = (raw: unknown): string | number | null =>
  typeof raw === 'number' || typeof raw === 'string' ? raw : null;

export function toSnapshot(issue: JiraIssue, ids: FieldIds): JiraSnapshot {
  const f = issue.fields;
  const rice = RiceValueSchema.parse(f[ids.rice] ?? null);
  const type = NamedSchema.safeParse(f['issuetype']);
  const sprints = sprintsOf(issue, ids);
  const openSprint =
    sprints.find((s) => s.state === 'active') ?? sprints.find((s) => s.state === 'future');
  const score = f[ids.score];
  const estimate = ids.estimate === null ? null : f[ids.estimate];
  return {
    id: Number(issue.id),
    storedScore: typeof score === 'number' ? score : null,
    snapshot: {
      key: issue.key,
      title: typeof f['summary'] === 'string' ? f['summary'] : '',
      description: adfToText(f['description']),
      ...(type.success ? { type: type.data.name } : {}),
      status: statusOf(f['status']),
      labels: z
        .array(z.string())
        .catch([])
        .parse(f['labels'] ?? []),
      keyResults: KrListSchema.parse(f[ids.keyResults] ?? []),
      rice:
        rice === null
          ? null
          : {
              reach: riceText(rice.reach),
              impact: riceText(rice.impact),
              confidence: riceText(rice.confidence),
              effort: riceText(rice.effort),
            },
      estimate: typeof estimate === 'number' && estimate >= 0 ? estimate : null,
      sprint: openSprint?.name ?? null,
    },
  };
}
