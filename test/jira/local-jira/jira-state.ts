/** The local Jira's data: issues in Rank order, the app's fields, who may edit. */

export const FIELD = {
  score: 'customfield_10100',
  keyResults: 'customfield_10101',
  rice: 'customfield_10102',
  sprint: 'customfield_10020',
  estimate: 'customfield_10016',
} as const;

const EXTENSION =
  'ari:cloud:ecosystem::extension/00000000-0000-0000-0000-000000000000/env-1/static';

export const FIELDS = [
  { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
  {
    id: 'labels',
    name: 'Labels',
    custom: false,
    schema: { type: 'array', items: 'string', system: 'labels' },
  },
  {
    id: FIELD.score,
    name: 'OKR score',
    custom: true,
    schema: { type: 'number', custom: `${EXTENSION}/okr-score` },
  },
  {
    id: FIELD.keyResults,
    name: 'Key Results',
    custom: true,
    schema: { type: 'array', items: 'string', custom: `${EXTENSION}/key-results` },
  },
  {
    id: FIELD.rice,
    name: 'RICE',
    custom: true,
    schema: { type: 'object', custom: `${EXTENSION}/rice` },
  },
  {
    id: FIELD.estimate,
    name: 'Story point estimate',
    custom: true,
    schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' },
  },
  {
    id: FIELD.sprint,
    name: 'Sprint',
    custom: true,
    schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' },
  },
];

export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface LocalIssue {
  id: number;
  key: string;
  project: string;
  summary: string;
  type: string;
  status: StatusCategory;
  labels: string[];
  keyResults: string[] | null;
  rice: Record<string, number> | null;
  score: number | null;
  sprint: { name: string; state: string } | null;
  estimate: number | null;
}

export interface IssueSeed {
  key: string;
  summary?: string;
  type?: string;
  status?: StatusCategory;
  labels?: string[];
  keyResults?: string[];
  rice?: Record<string, number> | null;
  score?: number | null;
  sprint?: string;
  estimate?: number;
}

export class JiraState {
  /** Rank order, across projects. */
  issues: LocalIssue[] = [];
  /** Account ids that may NOT edit issues. */
  readonly readOnlyUsers = new Set<string>();
  /** Whether the app's editable fields are on the edit screen (Jira refuses them otherwise). */
  fieldsOnScreen = true;
  private nextId = 10_000;

  constructor(seeds: readonly IssueSeed[] = []) {
    for (const seed of seeds) {
      this.add(seed);
    }
  }

  add(seed: IssueSeed): LocalIssue {
    const issue: LocalIssue = {
      id: this.nextId++,
      key: seed.key,
      project: seed.key.split('-')[0] ?? 'ENG',
      summary: seed.summary ?? `Issue ${seed.key}`,
      type: seed.type ?? 'Story',
      status: seed.status ?? 'new',
      labels: [...(seed.labels ?? [])],
      keyResults: seed.keyResults ?? null,
      rice: seed.rice ?? null,
      score: seed.score ?? null,
      sprint: seed.sprint === undefined ? null : { name: seed.sprint, state: 'active' },
      estimate: seed.estimate ?? null,
    };
    this.issues.push(issue);
    return issue;
  }

  get(keyOrId: string): LocalIssue | undefined {
    return this.issues.find((i) => i.key === keyOrId || String(i.id) === keyOrId);
  }

  order(project?: string): string[] {
    return this.issues
      .filter((i) => project === undefined || i.project === project)
      .map((i) => i.key);
  }

  /** Moves `keys`, in order, before or after `anchor`: what Jira's rank endpoint does. */
  rank(keys: readonly string[], anchor: { before: string } | { after: string }): void {
    const moving = keys.map((k) => this.get(k)).filter((i): i is LocalIssue => i !== undefined);
    this.issues = this.issues.filter((i) => !moving.includes(i));
    const anchorKey = 'before' in anchor ? anchor.before : anchor.after;
    const at = this.issues.findIndex((i) => i.key === anchorKey);
    if (at < 0) {
      throw new Error(`rank anchor ${anchorKey} not found`);
    }
    this.issues.splice('before' in anchor ? at : at + 1, 0, ...moving);
  }

  /** The issue as Jira's REST API shows it, only the asked-for fields. */
  toJson(
    issue: LocalIssue,
    fields: readonly string[],
  ): { id: string; key: string; fields: Record<string, unknown> } {
    const all: Record<string, unknown> = {
      summary: issue.summary,
      status: { name: issue.status, statusCategory: { key: issue.status } },
      issuetype: { name: issue.type },
      labels: issue.labels,
      [FIELD.keyResults]: issue.keyResults,
      [FIELD.rice]: issue.rice,
      [FIELD.score]: issue.score,
      [FIELD.sprint]: issue.sprint === null ? null : [issue.sprint],
      [FIELD.estimate]: issue.estimate,
    };
    return {
      id: String(issue.id),
      key: issue.key,
      fields: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])),
    };
  }
}
