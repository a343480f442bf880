import {
  buildSuggester,
  isActive,
  type IssueSnapshot,
  type IssueText,
  type KrSuggestion,
  type Okrs,
  type Suggester,
} from '../../core/index';

/** What the suggester keeps of a linked issue: its text and the key results it serves. */
type LinkedIssue = IssueText & Pick<IssueSnapshot, 'keyResults'>;

interface TeamIndex {
  /** The team's issues linked to some key result, in backlog order, as last read. */
  linked: LinkedIssue[];
  /** The suggester over `linked` for the last day asked, built on first use. */
  built?: {
    asOf: string;
    suggester: Suggester;
    /** The issues it learned from: those linked to a key result active on `asOf`. */
    learnedFrom: Set<string>;
  };
}

/**
 * The KR suggester of each team, kept in memory between the team reads Keyrank already makes
 * (a sync or a re-rank reads the whole open backlog): a single Issue event is then answered
 * from it without reading the team again. Only the linked issues are kept (descriptions are
 * capped at read), and the suggester is rebuilt from them when the day changes, so a key result
 * that starts or ends is seen by the next event. A team not read since start-up has none: its
 * events get no suggestion until the next sync or re-rank.
 *
 * Memory rather than the SQLite file: it is a cache of the last read, rebuilt by the sync that
 * `keyrank serve` runs at start-up before it takes any event, and it changes on every read, so
 * persisting it would only add writes and a second copy that can go stale.
 *
 * @example
 * const suggesters = new TeamSuggesters(okrs);
 * suggesters.remember(team.id, backlog.map((issue) => issue.read.snapshot));
 * suggesters.top(team.id, snapshot, '2026-11-15'); // { kr: 'O2-KR1', score: 0.74, reason: … }
 */
export class TeamSuggesters {
  private readonly teams = new Map<string, TeamIndex>();

  constructor(private readonly okrs: Okrs) {}

  /** Keeps what a read of the team's open backlog taught: its linked issues, in backlog order. */
  remember(teamId: string, backlog: readonly IssueSnapshot[]): void {
    const linked = backlog
      .filter((issue) => issue.keyResults.length > 0)
      .map((issue): LinkedIssue => ({
        key: issue.key,
        title: issue.title,
        labels: issue.labels,
        description: issue.description ?? null,
        keyResults: issue.keyResults,
      }));
    this.teams.set(teamId, { linked });
  }

  /**
   * The best key result for an issue of the team on `asOf`, or undefined when none is relevant
   * enough or the team has not been read yet. An issue that served a key result when the team
   * was read (and has been unlinked since) is left out of the documents: never "like" itself.
   */
  top(teamId: string, issue: IssueText, asOf: string): KrSuggestion | undefined {
    const index = this.teams.get(teamId);
    if (index === undefined) {
      return undefined;
    }
    if (index.built?.asOf !== asOf) {
      const active = new Set(
        this.okrs.objectives
          .filter((objective) => isActive(objective, asOf))
          .flatMap((objective) => objective.keyResults.map((kr) => kr.id)),
      );
      index.built = {
        asOf,
        suggester: buildSuggester({ okrs: this.okrs, issues: index.linked, asOf }),
        learnedFrom: new Set(
          index.linked
            .filter((linked) => linked.keyResults.some((kr) => active.has(kr)))
            .map((linked) => linked.key),
        ),
      };
    }
    if (index.built.learnedFrom.has(issue.key)) {
      // Rare (an issue unlinked since the read): a suggester of its own, without it.
      const others = index.linked.filter((linked) => linked.key !== issue.key);
      return buildSuggester({ okrs: this.okrs, issues: others, asOf }).suggest(issue)[0];
    }
    return index.built.suggester.suggest(issue)[0];
  }
}
