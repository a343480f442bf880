/**
 * Several mutations in one GraphQL document, so one write request carries an issue's whole
 * difference (or a slice of a re-rank). Each mutation gets an alias and its own variables.
 */

const ARGUMENTS = {
  issueAddLabel: { id: 'String!', labelId: 'String!' },
  issueRemoveLabel: { id: 'String!', labelId: 'String!' },
  attachmentCreate: { input: 'AttachmentCreateInput!' },
  attachmentDelete: { id: 'String!' },
  issueUpdate: { id: 'String!', input: 'IssueUpdateInput!' },
  issueLabelCreate: { input: 'IssueLabelCreateInput!' },
  issueLabelUpdate: { id: 'String!', input: 'IssueLabelUpdateInput!' },
} as const;

export type MutationName = keyof typeof ARGUMENTS;

export interface Mutation {
  name: MutationName;
  args: Record<string, unknown>;
  /** What the change is to, as a person names it (ENG-42, a label): said when Linear refuses it. */
  target: string;
}

export interface MutationDocument {
  query: string;
  variables: Record<string, unknown>;
}

export function mutationDocument(mutations: readonly Mutation[]): MutationDocument {
  const declarations: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  mutations.forEach((mutation, index) => {
    const alias = aliasOf(index);
    const args: string[] = [];
    for (const [arg, type] of Object.entries(ARGUMENTS[mutation.name])) {
      const variable = `${alias}_${arg}`;
      declarations.push(`$${variable}: ${type}`);
      args.push(`${arg}: $${variable}`);
      variables[variable] = mutation.args[arg];
    }
    fields.push(`  ${alias}: ${mutation.name}(${args.join(', ')}) { success }`);
  });
  return {
    query: `mutation Keyrank(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`,
    variables,
  };
}

/** The alias of the mutation at `index` in a document made by `mutationDocument`. */
export function aliasOf(index: number): string {
  return `m${index}`;
}

/** The index of the mutation an alias names, or null for anything else (`m0` → 0). */
export function indexOfAlias(alias: unknown, count: number): number | null {
  const match = typeof alias === 'string' ? /^m(\d+)$/.exec(alias) : null;
  const index = match ? Number(match[1]) : NaN;
  return Number.isInteger(index) && index < count ? index : null;
}

/** The aliases whose mutation reported `success: false`. */
export function failedMutations(data: Record<string, { success?: boolean } | null>): string[] {
  return Object.entries(data)
    .filter(([, payload]) => payload?.success !== true)
    .map(([alias]) => alias);
}
