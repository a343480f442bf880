import {
  alignmentOf,
  prepareKeyResults,
  resolveLinks,
  type KrBook,
  type KrStanding,
} from './alignment';
import { bauRule, type BauRule } from './bau';
import { checkCapacity, effortOf, type SprintCapacity, type WorkKind } from './capacity';
import type { Day } from './day';
import { iceboxReason } from './icebox';
import { isStarted, type IssueSnapshot } from './issue';
import type { Okrs } from './okrs';
import { fewestMoves, rankedIndices, type Move, type RankItem } from './rank';
import { parseRice, riceEffort, TOO_LARGE_TO_SCORE, type Rice, type RiceCheck } from './rice';
import { explainAlignment, explainScore, scoreOf } from './score';
import type { Settings } from './settings';

/** The core's decision about one issue. */
export interface IssueDecision {
  issue: IssueSnapshot;
  /** RICE × alignment; `null` for BAU, unlinked work, or missing/invalid RICE. */
  score: number | null;
  rice: Rice | null;
  riceValue: number | null;
  alignment: number;
  /** The active key results this issue serves. */
  keyResults: KrStanding[];
  bau: boolean;
  /** BAU or started (in progress, done): keeps its place when the backlog is ranked. */
  fixed: boolean;
  kind: WorkKind;
  icebox: boolean;
  iceboxReason: string | null;
  problems: string[];
  explanation: string;
}

export interface Plan {
  asOf: Day;
  /** Every issue, in the backlog's new order. */
  issues: IssueDecision[];
  moves: Move[];
  capacity: SprintCapacity[];
}

export interface PlanInput {
  okrs: Okrs;
  issues: readonly IssueSnapshot[];
  settings: Settings;
  asOf: Day;
}

/**
 * Scores a backlog, decides the Icebox, ranks, and checks sprint capacity. Pure: the same
 * input gives the same plan, and keys are assumed unique (adapters and the backlog file
 * reader see to that).
 */
export function plan(input: PlanInput): Plan {
  const book = prepareKeyResults(input.okrs, input.asOf, input.settings.scheduleBoost);
  const isBau = bauRule(input.settings);
  const decisions = input.issues.map((issue) => decide(issue, book, isBau));

  const rankItems: RankItem[] = decisions.map((d) => ({
    key: d.issue.key,
    fixed: d.fixed,
    tier: d.icebox ? 2 : d.score === null ? 1 : 0,
    score: d.score ?? 0,
  }));
  const current = rankItems.map((item) => item.key);
  const ordered = rankedIndices(rankItems).map((index) => decisions[index] as IssueDecision);
  const target = ordered.map((d) => d.issue.key);
  const fixed = new Set<string>();
  for (const item of rankItems) {
    if (item.fixed) {
      fixed.add(item.key);
    }
  }
  const moves = fewestMoves(current, target, (key) => fixed.has(key));

  const capacity = checkCapacity(
    ordered.map((d) => ({
      key: d.issue.key,
      sprint: d.issue.sprint,
      kind: d.kind,
      effort: effortOf(d.issue.estimate, d.rice?.effort ?? riceEffort(d.issue.rice)),
      score: d.score,
      status: d.issue.status,
      icebox: d.icebox,
    })),
    input.settings.capacity,
  );
  return { asOf: input.asOf, issues: ordered, moves, capacity };
}

/** One issue's score, icebox decision, problems and explanation. */
export function decide(issue: IssueSnapshot, book: KrBook, isBau: BauRule): IssueDecision {
  const bauWhy = isBau(issue);
  const bau = bauWhy !== null;
  const links = resolveLinks(issue.keyResults, book);
  const alignment = alignmentOf(links.active);
  const check = scorableRice(issue.rice, alignment);
  const riceProblems = check.ok ? [] : check.problems;
  const rice = check.ok ? check.rice : null;
  const riceValue = check.ok ? check.value : null;
  const reason = iceboxReason({
    status: issue.status,
    bau,
    activeLinks: links.active.length,
    deadLinks: links.dead,
  });
  const aligned = links.active.length > 0;
  const scored = !bau && aligned && check.ok;
  const score = scored ? scoreOf(check.value, alignment) : null;

  // Done work is history: its stale links and missing fields are no one's task.
  const problems: string[] = [];
  if (issue.status !== 'done') {
    problems.push(...links.dead);
    if (!bau && aligned) {
      problems.push(...riceProblems);
    }
  }

  let explanation: string;
  if (bau) {
    explanation = `business as usual (${bauWhy}): not scored by OKR, keeps its place`;
  } else if (scored) {
    explanation = explainScore(
      check.rice,
      check.value,
      links.active,
      alignmentText(links.active, book),
    );
  } else if (aligned) {
    explanation = `${alignmentText(links.active, book)} · no score until RICE is fixed: ${riceProblems.join('; ')}`;
  } else if (reason !== null) {
    explanation = `Icebox: ${reason}`;
  } else {
    explanation = 'serves no active key result';
  }

  return {
    issue,
    score,
    rice,
    riceValue,
    alignment,
    keyResults: links.active,
    bau,
    fixed: bau || isStarted(issue.status),
    kind: bau ? 'bau' : aligned ? 'okr' : 'unaligned',
    icebox: reason !== null,
    iceboxReason: reason,
    problems,
    explanation,
  };
}

/** `explainAlignment(active)`, kept in the book: most issues share one of a few link sets. */
function alignmentText(active: readonly KrStanding[], book: KrBook): string {
  const key =
    active.length === 1 ? (active[0] as KrStanding).kr.id : active.map((s) => s.kr.id).join('\n');
  let text = book.alignmentTexts.get(key);
  if (text === undefined) {
    text = explainAlignment(active);
    book.alignmentTexts.set(key, text);
  }
  return text;
}

/** The RICE check, also refusing a value whose score would not be a finite number. */
function scorableRice(input: IssueSnapshot['rice'], alignment: number): RiceCheck {
  const check = parseRice(input);
  if (check.ok && !Number.isFinite(scoreOf(check.value, alignment))) {
    return { ok: false, missing: [], problems: [TOO_LARGE_TO_SCORE] };
  }
  return check;
}
