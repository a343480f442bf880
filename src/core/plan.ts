import {
  alignmentOf,
  prepareKeyResults,
  resolveLinks,
  type KrBook,
  type KrStanding,
} from './alignment';
import { bauRule, type BauRule } from './bau';
import {
  checkCapacity,
  effortOf,
  type CapacityItem,
  type SprintCapacity,
  type WorkKind,
} from './capacity';
import type { Day } from './day';
import { iceboxExplanation, iceboxReason } from './icebox';
import { isStarted, type IssueSnapshot } from './issue';
import type { Okrs } from './okrs';
import { fewestMovesAt, rankedPositions, type Move } from './rank';
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
  // One pass in backlog order gathers what ranking and capacity read while each issue is at
  // hand: the passes after ranking go in the new order, where following an issue's pointers
  // is a cache miss each time for 100,000 issues.
  const n = input.issues.length;
  const decisions = new Array<IssueDecision>(n);
  const keys = new Array<string>(n);
  const items = new Array<CapacityItem>(n);
  const fixed = new Uint8Array(n);
  const tiers = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let index = 0; index < n; index++) {
    const d = decide(input.issues[index] as IssueSnapshot, book, isBau);
    decisions[index] = d;
    keys[index] = d.issue.key;
    items[index] = capacityItem(d);
    fixed[index] = d.fixed ? 1 : 0;
    tiers[index] = d.icebox ? 2 : d.score === null ? 1 : 0;
    scores[index] = d.score ?? 0;
  }
  const order = rankedPositions({ fixed, tiers, scores });
  const ordered = new Array<IssueDecision>(n);
  const orderedItems = new Array<CapacityItem>(n);
  const target = new Array<string>(n);
  const targetFixed = new Uint8Array(n);
  const current = new Int32Array(n);
  for (let position = 0; position < n; position++) {
    const index = order[position] as number;
    ordered[position] = decisions[index] as IssueDecision;
    orderedItems[position] = items[index] as CapacityItem;
    target[position] = keys[index] as string;
    targetFixed[position] = fixed[index] as number;
    current[index] = position;
  }
  const moves = fewestMovesAt({ target, targetFixed, current, currentFixed: fixed });
  const capacity = checkCapacity(orderedItems, input.settings.capacity);
  return { asOf: input.asOf, issues: ordered, moves, capacity };
}

function capacityItem(d: IssueDecision): CapacityItem {
  return {
    key: d.issue.key,
    sprint: d.issue.sprint,
    kind: d.kind,
    effort: effortOf(d.issue.estimate, d.rice?.effort ?? riceEffort(d.issue.rice)),
    score: d.score,
    status: d.issue.status,
    icebox: d.icebox,
  };
}

/** One issue's score, icebox decision, problems and explanation. */
export function decide(issue: IssueSnapshot, book: KrBook, isBau: BauRule): IssueDecision {
  const bauWhy = isBau(issue);
  const bau = bauWhy !== null;
  const links = resolveLinks(issue.keyResults, book);
  const alignment = alignmentOf(links.active);
  const check = scorableRice(issue.rice, alignment);
  const riceProblems = check.ok ? NO_PROBLEMS : check.problems;
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

  // Done work is history: its stale links and missing fields are no one's task. (concat and
  // slice allocate the exact size; 100,000 decisions keep these lists.)
  const problems: string[] =
    issue.status === 'done'
      ? []
      : !bau && aligned
        ? links.dead.concat(riceProblems)
        : links.dead.slice();

  // Joined rather than templates, as in explainScore: flat strings stringify without a copy.
  let explanation: string;
  if (bau) {
    explanation = ['business as usual (', bauWhy, '): not scored by OKR, keeps its place'].join('');
  } else if (scored) {
    explanation = explainScore(
      check.rice,
      check.value,
      links.active,
      alignmentText(links.active, book),
    );
  } else if (aligned) {
    explanation = [
      alignmentText(links.active, book),
      ' · no score until RICE is fixed: ',
      riceProblems.join('; '),
    ].join('');
  } else if (reason !== null) {
    explanation = iceboxExplanation(reason);
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

const NO_PROBLEMS: readonly string[] = [];

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
