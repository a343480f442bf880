import type { LinearApi } from './linear-api';

/**
 * Workspace labels by id, with their group's name. Webhook payloads carry a label's
 * `parentId` but not the group's name, so the adapter keeps this map and re-reads it only
 * when a payload names a label it has not seen.
 */
export interface CatalogLabel {
  id: string;
  name: string;
  description: string | null;
  isGroup: boolean;
  groupType: string | null;
  parentId: string | null;
  teamId: string | null;
}

export const LABEL_FIELDS = 'id name description isGroup groupType parent { id } team { id }';

/** A page of workspace labels; `directive` lets a larger read include it only when needed. */
export const labelPage = (directive = ''): string => `
  issueLabels(first: 250, after: $labelsAfter, includeArchived: false)${directive} {
    nodes { ${LABEL_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }`;

export interface LabelPage {
  nodes: {
    id: string;
    name: string;
    description?: string | null;
    isGroup: boolean;
    groupType?: string | null;
    parent?: { id: string } | null;
    team?: { id: string } | null;
  }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export class LabelCatalog {
  private byId = new Map<string, CatalogLabel>();
  private loaded = false;

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** True when every id is known, so a payload can be read without asking Linear. */
  knows(ids: readonly string[]): boolean {
    return this.loaded && ids.every((id) => this.byId.has(id));
  }

  /** Forgets the labels, so the next event reads them again (after Linear refused a label id). */
  invalidate(): void {
    this.loaded = false;
  }

  get(id: string): CatalogLabel | undefined {
    return this.byId.get(id);
  }

  all(): CatalogLabel[] {
    return [...this.byId.values()];
  }

  groupName(label: { parentId?: string | null }): string | null {
    return label.parentId ? (this.byId.get(label.parentId)?.name ?? null) : null;
  }

  /** A workspace or team label that is not a group, by name, ignoring case. */
  findApplicable(name: string, teamId: string): CatalogLabel | undefined {
    const wanted = name.trim().toLowerCase();
    const matches = this.all().filter(
      (l) =>
        !l.isGroup &&
        l.name.trim().toLowerCase() === wanted &&
        (l.teamId === null || l.teamId === teamId),
    );
    // A team's own label wins over the workspace label of the same name.
    return matches.find((l) => l.teamId === teamId) ?? matches[0];
  }

  /** Replaces the catalogue with a first page already read, and reads the rest. */
  async fill(first: LabelPage, api: LinearApi): Promise<void> {
    const fresh = new Map<string, CatalogLabel>();
    let page: LabelPage = first;
    for (;;) {
      for (const node of page.nodes) {
        fresh.set(node.id, {
          id: node.id,
          name: node.name,
          description: node.description ?? null,
          isGroup: node.isGroup,
          groupType: node.groupType ?? null,
          parentId: node.parent?.id ?? null,
          teamId: node.team?.id ?? null,
        });
      }
      if (!page.pageInfo.hasNextPage) {
        break;
      }
      const next = await api.read<{ issueLabels: LabelPage }>(
        `query KeyrankLabels($labelsAfter: String) { ${labelPage()} }`,
        { labelsAfter: page.pageInfo.endCursor },
      );
      page = next.issueLabels;
    }
    this.byId = fresh;
    this.loaded = true;
  }

  async load(api: LinearApi): Promise<void> {
    const first = await api.read<{ issueLabels: LabelPage }>(
      `query KeyrankLabels($labelsAfter: String) { ${labelPage()} }`,
      { labelsAfter: null },
    );
    await this.fill(first.issueLabels, api);
  }
}
