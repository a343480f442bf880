import {
  formatNumber,
  krStanding,
  krStatus,
  coverageGaps,
  type IssueDecision,
  type KrSuggestion,
  type Okrs,
  type Plan,
  type Settings,
} from '../core/index';
import { healthLine, staleSection, type StaleKeyResult } from './key-result-lines';
import { clip, terminalLines } from './terminal-text';

/**
 * The `--format table` report: for people reading a terminal, one section per question.
 * `suggestions` (by issue key) adds the top suggested key result under each Icebox reason.
 */
export function planToTable(
  plan: Plan,
  okrs: Okrs,
  settings: Settings,
  suggestions: ReadonlyMap<string, readonly KrSuggestion[]> = new Map(),
): string {
  const out: string[] = [];
  const moved = new Set(plan.moves.map((m) => m.key));
  const open = plan.issues.filter((d) => d.issue.status !== 'done');
  const iceboxed = open.filter((d) => d.icebox);
  const roadmap = open.filter((d) => !d.icebox);
  const doneCount = plan.issues.length - open.length;

  out.push(`Keyrank plan · as of ${plan.asOf} · ${plan.issues.length} issues`, '');

  out.push('Key results');
  const stale: StaleKeyResult[] = [];
  for (const objective of okrs.objectives) {
    const state =
      plan.asOf > objective.period.end
        ? ', ended'
        : plan.asOf < objective.period.start
          ? ', not started'
          : '';
    out.push(
      `  ${objective.id}  ${objective.title}  (weight ${formatNumber(objective.weight)}, ${objective.period.label}${state})`,
    );
    for (const kr of objective.keyResults) {
      const s = krStanding(kr, objective, plan.asOf, settings.scheduleBoost);
      const status = krStatus(kr, objective, plan.asOf, settings);
      if (status.stale) {
        stale.push({ kr, objective, status });
      }
      const unit = kr.unit ?? '';
      const pace = s.active
        ? `${pct(s.progress)} done, ${pct(s.expected)} expected by now${s.behindPlan ? `, behind plan ×${s.lag.toFixed(2)}` : ''}`
        : (s.inactiveReason ?? '');
      out.push(
        `      ${kr.id}  ${kr.title}: ${formatNumber(kr.baseline)}${unit} → ${formatNumber(kr.target)}${unit}, now ${formatNumber(status.current)}${unit} · ${pace}`,
        `              ${healthLine(status, unit)}`,
      );
    }
  }
  out.push('');

  out.push(...staleSection(stale, plan.asOf, settings), '');

  const coverage = coverageGaps(okrs, plan);
  out.push(
    `Coverage: ${coverage.length === 0 ? 'every active key result has work' : `${coverage.length} gap${coverage.length === 1 ? '' : 's'}`}`,
  );
  for (const gap of coverage) {
    out.push(`  ${gap.message}`);
  }
  out.push('');

  out.push(
    `Roadmap: the backlog in its new order${doneCount > 0 ? ` (${doneCount} done not shown)` : ''}`,
  );
  out.push('     #  key        score    title');
  roadmap.forEach((d, i) => {
    const mark = moved.has(d.issue.key) ? '↕' : ' ';
    out.push(
      `  ${mark}${String(i + 1).padStart(3)}  ${d.issue.key.padEnd(9)}  ${scoreCell(d).padStart(7)}  ${clip(d.issue.title, 70)}${statusTag(d)}`,
    );
    out.push(`                           ${d.explanation}`);
  });
  if (plan.moves.length > 0) {
    out.push(
      '',
      `Moves to get there (${plan.moves.length}, ↕ above; BAU and started work stay put)`,
    );
    for (const move of plan.moves) {
      out.push(
        'before' in move
          ? `  ${move.key} before ${move.before}`
          : `  ${move.key} after ${move.after}`,
      );
    }
  } else {
    out.push('', 'Moves: none, the backlog is already in order');
  }
  out.push('');

  out.push(
    `Icebox (label "${settings.iceboxLabel}"): ${iceboxed.length} issue${iceboxed.length === 1 ? '' : 's'}`,
  );
  for (const d of iceboxed) {
    out.push(
      `  ${d.issue.key.padEnd(9)}  ${clip(d.issue.title, 70)}`,
      `             ${d.iceboxReason ?? ''}`,
    );
    const top = suggestions.get(d.issue.key)?.[0];
    if (top) {
      out.push(`             suggested: ${top.kr} (${top.score.toFixed(2)}) — ${top.reason}`);
    }
  }
  out.push('');

  const withProblems = plan.issues.filter((d) => d.problems.length > 0);
  out.push(
    `Problems: ${withProblems.length === 0 ? 'none' : `${withProblems.length} issue${withProblems.length === 1 ? '' : 's'}`}`,
  );
  for (const d of withProblems) {
    for (const problem of d.problems) {
      out.push(`  ${d.issue.key.padEnd(9)}  ${problem}`);
    }
  }
  out.push('');

  const band = `${formatNumber(settings.capacity.okrMin)}–${formatNumber(settings.capacity.okrMax)}%`;
  out.push(`Capacity: OKR work should be ${band} of each sprint`);
  if (plan.capacity.length === 0) {
    out.push('  no issue is in a sprint');
  }
  for (const c of plan.capacity) {
    const verdict = c.warnings.length === 0 ? 'ok' : 'outside the band';
    out.push(
      `  ${c.sprint}: OKR ${formatNumber(c.okr)}% · BAU ${formatNumber(c.bau)}% · unaligned ${formatNumber(c.unaligned)}% of ${formatNumber(c.effort.total)} effort · ${verdict}`,
    );
    for (const warning of c.warnings) {
      out.push(`    ! ${warning.message}`);
    }
  }
  // Every line carries text from the input files: escaped whole, so none can forge another.
  return terminalLines(out);
}

function scoreCell(d: IssueDecision): string {
  if (d.bau) {
    return 'BAU';
  }
  return d.score === null ? '—' : formatNumber(d.score);
}

function statusTag(d: IssueDecision): string {
  return d.issue.status === 'in_progress' ? '  [in progress]' : '';
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
