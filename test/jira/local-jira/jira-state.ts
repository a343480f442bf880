/** The local Jira's data: issues in Rank order, the app's fields, who may do what. */

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
const STATUS_NAMES: Record<StatusCategory, string> = {
  new: 'To Do',
  indeterminate: 'In Progress',
  done: 'Done',
};

export interface LocalIssue {
  id: number;
  key: string;
  project: string;
  summary: string;
  /** As Jira's REST API v3 holds it: an ADF document, or null. */
  description: unknown;
  type: string;
  status: StatusCategory;
  /** The workflow status's own name ("In Review"); its category is `status`. */
  statusName: string;
  /** The assignee's display name; null when unassigned. */
  assignee: string | null;
  labels: string[];
  keyResults: string[] | null;
  rice: Record<string, number> | null;
  score: number | null;
  sprint: { name: string; state: string } | null;
  estimate: number | null;
  /** Jira's `updated`, as a counter: each edit makes the issue the most recently updated. */
  updated: number;
}

export interface IssueSeed {
  key: string;
  summary?: string;
  /** Plain text becomes a one-paragraph ADF document per line; an object is stored as is. */
  description?: string | Record<string, unknown>;
  type?: string;
  status?: StatusCategory;
  /** Defaults to the category's usual name: To Do, In Progress, Done. */
  statusName?: string;
  assignee?: string;
  labels?: string[];
  keyResults?: string[];
  rice?: Record<string, number> | null;
  score?: number | null;
  sprint?: string;
  estimate?: number;
}

/** The project permissions Keyrank asks about (Jira has more; these are the ones it needs). */
export const PROJECT_PERMISSIONS = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'] as const;
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];
export type PermissionKey = ProjectPermission | 'ADMINISTER';

/** Jira's names and types for the permissions above, as `mypermissions` answers them. */
export const PERMISSION_INFO: Record<PermissionKey, { id: string; name: string; type: string }> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', type: 'PROJECT' },
};

export class JiraState {
  /** Rank order, across projects. */
  issues: LocalIssue[] = [];
  /** Issues by key and by id: the bench's 100,000-issue project needs lookups in O(1). */
  private readonly byKeyOrId = new Map<string, LocalIssue>();
  /** Account ids with Jira's global ADMINISTER permission. */
  readonly admins = new Set<string>();
  /** Group names by account id: what `GET /rest/api/3/myself?expand=groups` lists. */
  readonly groups = new Map<string, string[]>();
  /** Display names by account id (`myself` answers the id when none is set). */
  readonly displayNames = new Map<string, string>();
  /**
   * Project permissions taken away, by account id and project key (`*` for every project).
   * Everyone else holds them all, so a test states only what it takes away.
   */
  private readonly denied = new Map<string, Map<string, Set<ProjectPermission>>>();
  /** Whether the app's editable fields are on the edit screen (Jira refuses them otherwise). */
  fieldsOnScreen = true;
  private readonly projectIds = new Map<string, number>();
  private nextId = 10_000;
  private clock = 0;

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
      description:
        typeof seed.description === 'string' ? adf(seed.description) : (seed.description ?? null),
      type: seed.type ?? 'Story',
      status: seed.status ?? 'new',
      statusName: seed.statusName ?? STATUS_NAMES[seed.status ?? 'new'],
      assignee: seed.assignee ?? null,
      labels: [...(seed.labels ?? [])],
      keyResults: seed.keyResults ?? null,
      rice: seed.rice ?? null,
      score: seed.score ?? null,
      sprint: seed.sprint === undefined ? null : { name: seed.sprint, state: 'active' },
      estimate: seed.estimate ?? null,
      updated: this.touch(),
    };
    if (!this.projectIds.has(issue.project)) {
      this.projectIds.set(issue.project, 100 + this.projectIds.size);
    }
    this.issues.push(issue);
    this.byKeyOrId.set(issue.key, issue);
    this.byKeyOrId.set(String(issue.id), issue);
    return issue;
  }

  /** The next `updated` value: later than every one before. */
  touch(): number {
    return ++this.clock;
  }

  /** Takes project permissions away from a user, in one project or (`*`) in all of them. */
  deny(accountId: string, permissions: readonly ProjectPermission[], project = '*'): void {
    const byProject = this.denied.get(accountId) ?? new Map<string, Set<ProjectPermission>>();
    const set = byProject.get(project) ?? new Set<ProjectPermission>();
    permissions.forEach((p) => set.add(p));
    byProject.set(project, set);
    this.denied.set(accountId, byProject);
  }

  /**
   * Whether a caller holds a permission; `null` is the app, which Jira lets do everything
   * Keyrank asks of it. As in Jira, no Browse Projects means no other project permission.
   */
  may(accountId: string | null, permission: PermissionKey, project?: string): boolean {
    if (accountId === null) {
      return permission !== 'ADMINISTER';
    }
    if (permission === 'ADMINISTER') {
      return this.admins.has(accountId);
    }
    const byProject = this.denied.get(accountId);
    const taken = (p: ProjectPermission): boolean =>
      byProject?.get('*')?.has(p) === true ||
      (project !== undefined && byProject?.get(project)?.has(p) === true);
    return !taken('BROWSE_PROJECTS') && !taken(permission);
  }

  /** Projects in the order their first issue was added, with stable ids (100, 101, …). */
  projects(): { id: number; key: string }[] {
    return [...this.projectIds].map(([key, id]) => ({ id, key }));
  }

  get(keyOrId: string): LocalIssue | undefined {
    return this.byKeyOrId.get(keyOrId);
  }

  order(project?: string): string[] {
    return this.issues
      .filter((i) => project === undefined || i.project === project)
      .map((i) => i.key);
  }

  /** Moves `keys`, in order, before or after `anchor`: what Jira's rank endpoint does. */
  rank(keys: readonly string[], anchor: { before: string } | { after: string }): void {
    const moving = keys.map((k) => this.get(k)).filter((i): i is LocalIssue => i !== undefined);
    const moved = new Set(moving);
    this.issues = this.issues.filter((i) => !moved.has(i));
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
      description: issue.description,
      status: { name: issue.statusName, statusCategory: { key: issue.status } },
      assignee:
        issue.assignee === null
          ? null
          : {
              accountId: `user-${issue.assignee.toLowerCase().replace(/\W+/g, '-')}`,
              displayName: issue.assignee,
            },
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

/** Plain text as Jira's API v3 answers it: a document with one paragraph per line. */
export function adf(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line === '' ? [] : [{ type: 'text', text: line }],
    })),
  };
}
