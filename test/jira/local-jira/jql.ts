import { FIELD, type JiraState, type LocalIssue } from './jira-state';

/**
 * The small part of JQL the local Jira answers beyond the app's own fixed queries: clauses
 * joined by AND (`project = ENG`, `labels = onboarding`, `statusCategory = Done`,
 * `issuetype != Bug`, `cf[10101] = "O1-KR1"`, `cf[10101] IS NOT EMPTY`), then an optional
 * ORDER BY, which is ignored. Anything else is refused the way Jira refuses it: a 400 with
 * Jira's wording, so a test of a bad query meets the message a real site gives.
 */

export type JqlAnswer = { ok: true; issues: LocalIssue[] } | { ok: false; message: string };

interface Clause {
  field: string;
  op: '=' | '!=' | 'is' | 'is not';
  value: string;
}

const CLAUSE =
  /^\s*(cf\[\d+\]|"[^"]+"|[A-Za-z][A-Za-z0-9_]*)\s*(=|!=|is not|is)\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$/i;

const STATUS_CATEGORIES: Record<string, LocalIssue['status']> = {
  'to do': 'new',
  new: 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  done: 'done',
};

function parse(jql: string): Clause[] | string {
  const where = jql.replace(/\s+ORDER BY\s+.*$/is, '').trim();
  if (where === '' || /^ORDER BY/i.test(where)) {
    return [];
  }
  const clauses: Clause[] = [];
  for (const part of where.split(/\s+AND\s+/i)) {
    const m = CLAUSE.exec(part);
    if (m === null) {
      return `Error in the JQL Query: Expecting a field, an operator and a value but got '${part.trim()}'.`;
    }
    const raw = m[3] ?? '';
    clauses.push({
      field: (m[1] ?? '').replace(/^"|"$/g, '').toLowerCase(),
      op: (m[2] ?? '=').toLowerCase() as Clause['op'],
      value: raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw,
    });
  }
  return clauses;
}

/** What one clause asks of an issue; a string is Jira's refusal of the clause. */
function test(
  clause: Clause,
  state: JiraState,
  browse: (project: string) => boolean,
): ((i: LocalIssue) => boolean) | string {
  const { field, op, value } = clause;
  const equal = (has: (i: LocalIssue) => boolean) =>
    op === '=' ? has : op === '!=' ? (i: LocalIssue) => !has(i) : null;
  let check: ((i: LocalIssue) => boolean) | null;
  if (field === 'project') {
    // A project the caller cannot browse does not exist for them.
    if (!state.projects().some((p) => p.key === value) || !browse(value)) {
      return `The value '${value}' does not exist for the field 'project'.`;
    }
    check = equal((i) => i.project === value);
  } else if (field === 'labels') {
    check = equal((i) => i.labels.includes(value));
  } else if (field === 'statuscategory') {
    const category = STATUS_CATEGORIES[value.toLowerCase()];
    if (category === undefined) {
      return `The value '${value}' does not exist for the field 'statusCategory'.`;
    }
    check = equal((i) => i.status === category);
  } else if (field === 'issuetype' || field === 'type') {
    check = equal((i) => i.type.toLowerCase() === value.toLowerCase());
  } else if (field === `cf[${FIELD.keyResults.replace('customfield_', '')}]`) {
    const empty = (i: LocalIssue) => (i.keyResults ?? []).length === 0;
    check =
      value.toLowerCase() === 'empty' && (op === 'is' || op === 'is not')
        ? op === 'is'
          ? empty
          : (i) => !empty(i)
        : equal((i) => (i.keyResults ?? []).includes(value));
  } else {
    return `Field '${field}' does not exist or you cannot view it.`;
  }
  return check ?? `The operator '${op.toUpperCase()}' is not supported by the '${field}' field.`;
}

/**
 * The issues a JQL finds, in Rank order, in the projects the caller may `browse`. With
 * `bounded`, a query without a restriction is refused, as `search/jql` and
 * `search/approximate-count` do.
 */
export function runJql(
  jql: string,
  state: JiraState,
  browse: (project: string) => boolean,
  bounded = true,
): JqlAnswer {
  const clauses = parse(jql);
  if (typeof clauses === 'string') {
    return { ok: false, message: clauses };
  }
  if (bounded && clauses.length === 0) {
    return {
      ok: false,
      message:
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    };
  }
  const checks: ((i: LocalIssue) => boolean)[] = [];
  for (const clause of clauses) {
    const check = test(clause, state, browse);
    if (typeof check === 'string') {
      return { ok: false, message: check };
    }
    checks.push(check);
  }
  return {
    ok: true,
    issues: state.issues.filter((i) => browse(i.project) && checks.every((c) => c(i))),
  };
}
