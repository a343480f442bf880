import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LinearClient } from '@linear/sdk';
import { formatNumber, isDay, withCheckIns } from '../core/index';
import { PermanentLinearError, TransientLinearError } from '../linear/api/errors';
import { LabelCatalog } from '../linear/api/label-catalog';
import { LinearApi } from '../linear/api/linear-api';
import {
  describeRefusal,
  writeInBatches,
  type BatchWriteResult,
} from '../linear/api/write-in-batches';
import type { Clock } from '../linear/clock';
import { ConfigError, loadConfig, type Config, type RequiredVariable } from '../linear/config';
import { redactor, silentLogger } from '../linear/logger';
import { loadOkrs, type LoadedOkrs } from '../linear/read/load-okrs';
import { withStoredCheckIns } from '../linear/read/load-okrs';
import { findTeam } from '../linear/read/team-backlog';
import { scoreLinks } from '../linear/server/score-links';
import { CheckInStore } from '../linear/store/check-in-store';
import {
  isPostgresTarget,
  StoreUnavailableError,
  type Database,
} from '../linear/store/database/database';
import { openDatabase } from '../linear/store/database/open-database';
import { readInboxReport, type InboxReport } from '../linear/store/inbox-report';
import { labelActions } from '../linear/sync/label-setup';
import { recordProgress } from '../linear/sync/record-progress';
import { suggestionText } from '../linear/sync/attachment';
import { applyTeamSync, planTeamSync, type TeamSyncPlan } from '../linear/sync/sync-backlog';
import { InputError, UsageError } from './errors';
import type { Io } from './io';
import { linearInstall } from './linear-install';
import { progressBar } from './progress-bar';
import { terminalLines, terminalText } from './terminal-text';

export const LINEAR_HELP = `Usage: keyrank linear setup [--dry-run]
       keyrank linear sync --team <KEY> [--dry-run] [--as-of <YYYY-MM-DD>]
       keyrank linear inbox [--set-aside] [--limit <N>]
       keyrank linear install [--port <N> | --no-wait | --code <code> --state <state>]

setup  creates or updates Keyrank's labels in the Linear workspace from the OKR file: the
       multi-select "Key Results" group (one label per key result), the "Impact",
       "Confidence" and "Reach" groups and the icebox label. A second run changes nothing.
sync   reconciles a whole team backlog: scores every open issue, sets the icebox label,
       upserts the score attachments and re-orders the backlog with the fewest moves.
       Under each Icebox issue it prints the key result suggested for it, and why.
       First it reads the automatic key results (progress: query or linked-done) and
       records the values that changed in KEYRANK_DB, as keyrank serve's sync does.
       Prints the plan; applies it unless --dry-run, with progress on stderr. A change
       Linear refuses is reported and the others are still written (exit 1).
inbox  reads the inbox of keyrank serve (KEYRANK_DB) without changing it: how many events
       are pending, done and set aside; with --set-aside, the set-aside events, newest
       first (delivery id, when, why, and the issue when its payload names one).
install
       installs Keyrank as a Linear OAuth application (actor=app) and stores its token
       in KEYRANK_DB; see keyrank linear install --help.

Options:
  --team <KEY>       the team key, such as ENG (sync)
  --dry-run          print what would change; write nothing
  --as-of <date>     the day to score for (sync); default: today
  --set-aside        list the set-aside events (inbox)
  --limit <N>        at most N set-aside events (inbox); default 50
  -h, --help         show this help

Environment: LINEAR_API_KEY (required for setup and sync), KEYRANK_PUBLIC_URL and
LINEAR_WEBHOOK_SECRET (required for sync: score links are signed with a key derived from
the secret, as by keyrank serve), LINEAR_API_URL, KEYRANK_OKRS (default ./okrs.yml),
KEYRANK_DB (inbox; default ./keyrank.db).
Exit status: 0 done; 1 bad configuration, OKR file, inbox file or Linear refusal;
2 wrong usage.
`;

const SUBCOMMANDS = ['setup', 'sync', 'inbox'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const isSubcommand = (value: string | undefined): value is Subcommand =>
  (SUBCOMMANDS as readonly (string | undefined)[]).includes(value);

/** The real clock: the Linear adapter reads none of its own, it is handed this one. */
const systemClock: Clock = () => Date.now();

/** `keyrank linear <setup|sync|inbox>`: returns the exit code. */
export async function linearCommand(
  args: string[],
  io: Io,
  now: Clock = systemClock,
): Promise<number> {
  if (args[0] === 'install') {
    return linearInstall(args.slice(1), io, now); // its own flags: linear-install.ts
  }
  const { values, positionals } = parseFlags(args);
  if (values.help) {
    io.stdout(LINEAR_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument "${extra[0]}"`);
  }
  if (!isSubcommand(sub)) {
    throw new UsageError(
      sub === undefined
        ? 'a subcommand is required: setup, sync or inbox'
        : `unknown subcommand "${sub}"`,
    );
  }
  if (sub !== 'inbox' && (values['set-aside'] !== undefined || values.limit !== undefined)) {
    throw new UsageError('--set-aside and --limit belong to inbox');
  }
  if (sub === 'inbox') {
    if (values.team !== undefined || values['dry-run'] !== undefined) {
      throw new UsageError('inbox only reads: it takes --set-aside and --limit');
    }
    return inbox(io, values['set-aside'] === true, parseLimit(values.limit));
  }
  if (sub === 'sync' && values.team === undefined) {
    throw new UsageError('--team is required (the team key, such as ENG)');
  }
  if (sub === 'setup' && values.team !== undefined) {
    throw new UsageError('--team belongs to sync; setup makes workspace labels');
  }
  const asOf = values['as-of'] ?? io.today();
  if (!isDay(asOf)) {
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${asOf}"`);
  }

  const required: RequiredVariable[] =
    sub === 'sync'
      ? ['LINEAR_API_KEY', 'KEYRANK_PUBLIC_URL', 'LINEAR_WEBHOOK_SECRET']
      : ['LINEAR_API_KEY'];
  let config: Config;
  let okrFile: LoadedOkrs;
  try {
    config = loadConfig(io.env, required);
    okrFile = loadOkrs(config.okrsPath, io.readFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(error.problems);
    }
    throw error;
  }
  for (const warning of okrFile.warnings) {
    io.stderr(terminalLines([`warning: ${warning}`]));
  }
  const api = new LinearApi({
    client: new LinearClient({ apiKey: config.apiKey, apiUrl: config.apiUrl }),
    now,
  });
  const dryRun = values['dry-run'] === true;
  try {
    return sub === 'setup'
      ? await setup(io, api, okrFile, dryRun)
      : await sync(io, api, okrFile, config, values.team as string, asOf, dryRun);
  } catch (error) {
    if (error instanceof PermanentLinearError || error instanceof TransientLinearError) {
      const redact = redactor([config.apiKey, config.webhookSecret]);
      throw new InputError([`Linear: ${redact(error.message)}`]);
    }
    throw error;
  }
}

async function setup(
  io: Io,
  api: LinearApi,
  okrFile: LoadedOkrs,
  dryRun: boolean,
): Promise<number> {
  const catalog = new LabelCatalog();
  await catalog.load(api);
  const actions = labelActions(okrFile.okrs, okrFile.settings, catalog);
  if (actions.length === 0) {
    io.stdout('Linear labels are up to date: nothing to change.\n');
    return 0;
  }
  for (const action of actions) {
    io.stdout(terminalLines([`${dryRun ? 'would ' : ''}${action.describe}`]));
  }
  if (dryRun) {
    io.stdout(`${actions.length} change(s); dry run, nothing written.\n`);
    return 0;
  }
  const written = await writeInBatches(
    api,
    actions.map((a) => a.mutation),
    (done) => progressBar(io.stderr, 'labels')(done, actions.length),
  );
  return reportWritten(io, actions.length, written);
}

async function sync(
  io: Io,
  api: LinearApi,
  okrFile: LoadedOkrs,
  config: Config,
  teamKey: string,
  asOf: string,
  dryRun: boolean,
): Promise<number> {
  const team = await findTeam(api, teamKey);
  const okrs = await liveOkrs(io, api, okrFile, config.dbPath, asOf, dryRun);
  const catalog = new LabelCatalog();
  await catalog.load(api);
  const syncPlan = await planTeamSync({
    api,
    catalog,
    team,
    okrs,
    settings: okrFile.settings,
    links: scoreLinks(config.publicUrl as string, config.webhookSecret as string),
    asOf,
    onPage: (read) => io.stderr(`\rreading ${terminalText(team.key)}: ${read} issues`),
  });
  io.stderr('\n');
  io.stdout(describePlan(syncPlan, asOf));
  for (const warning of syncPlan.warnings) {
    io.stderr(terminalLines([`warning: ${warning}`]));
  }
  if (dryRun || syncPlan.mutations.length === 0) {
    io.stdout(dryRun ? 'Dry run: nothing written.\n' : 'Nothing to change.\n');
    return 0;
  }
  const written = await applyTeamSync(api, syncPlan, progressBar(io.stderr, 'writing'));
  return reportWritten(io, syncPlan.mutations.length, written);
}

/**
 * The OKRs as `keyrank serve` scores with them: the check-ins stored in KEYRANK_DB, plus the
 * automatic sources read now (stored unless --dry-run). Without automatic sources and without
 * a database file, the OKR file alone, and no database is created.
 */
async function liveOkrs(
  io: Io,
  api: LinearApi,
  okrFile: LoadedOkrs,
  dbPath: string,
  asOf: string,
  dryRun: boolean,
): Promise<LoadedOkrs['okrs']> {
  const automatic = okrFile.okrs.objectives.some((o) =>
    o.keyResults.some(
      (kr) => kr.progress.source === 'query' || kr.progress.source === 'linked-done',
    ),
  );
  if (!automatic && !isPostgresTarget(dbPath) && !existsSync(dbPath)) {
    return okrFile.okrs;
  }
  let db: Database;
  try {
    db = await openDatabase(dbPath);
  } catch (error) {
    throw new InputError([(error as Error).message]);
  }
  try {
    const store = await CheckInStore.open(db);
    const read = await recordProgress(
      {
        api,
        okrs: await withStoredCheckIns(okrFile.okrs, store),
        settings: okrFile.settings,
        store: dryRun ? null : store,
        log: silentLogger,
      },
      asOf,
    );
    const lines = read.recorded.map(
      ({ krId, checkIn }) =>
        `${dryRun ? 'would record' : 'recorded'} ${krId} = ${formatNumber(checkIn.value)} (${checkIn.source ?? ''}, ${asOf})`,
    );
    if (lines.length > 0) {
      io.stdout(terminalLines(lines));
    }
    io.stderr(terminalLines(read.failed.map((f) => `warning: ${f.error}`)));
    const stored = await withStoredCheckIns(okrFile.okrs, store);
    return dryRun
      ? withCheckIns(stored, new Map(read.recorded.map(({ krId, checkIn }) => [krId, [checkIn]])))
      : stored;
  } finally {
    await db.close();
  }
}

/** The count written and, on stderr, each change Linear refused: exit 1 when there is one. */
function reportWritten(io: Io, changes: number, written: BatchWriteResult): number {
  const applied = changes - written.refused.length;
  io.stdout(`${applied} change(s) written in ${written.requests} request(s).\n`);
  if (written.refused.length === 0) {
    return 0;
  }
  // Linear's reasons quote input (label names, titles): escaped like every echoed text.
  io.stderr(terminalLines(written.refused.map((refusal) => `error: ${describeRefusal(refusal)}`)));
  io.stderr(`${written.refused.length} change(s) refused; run again once the cause is fixed.\n`);
  return 1;
}

async function inbox(io: Io, listSetAside: boolean, limit: number): Promise<number> {
  let report: InboxReport;
  let path: string;
  try {
    path = loadConfig(io.env).dbPath;
    report = await readInboxReport(path, limit);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(error.problems);
    }
    if (error instanceof StoreUnavailableError) {
      throw new InputError([error.message]);
    }
    throw error;
  }
  const { pending, done, setAside } = report.counts;
  const lines = [`Inbox ${path}: ${pending} pending, ${done} done, ${setAside} set aside.`];
  if (!listSetAside) {
    if (setAside > 0) {
      lines.push('Run "keyrank linear inbox --set-aside" to list the set-aside events.');
    }
  } else if (report.setAside.length > 0) {
    lines.push(
      `Set aside, newest first${report.setAside.length < setAside ? ` (${report.setAside.length} of ${setAside})` : ''}:`,
    );
    for (const event of report.setAside) {
      lines.push(
        `  #${event.seq}  ${event.receivedAt}  delivery ${event.delivery}  issue ${event.identifier ?? '(unknown)'}`,
        `      why: ${event.reason || '(not recorded)'}`,
      );
    }
  }
  // Delivery ids, reasons and identifiers come from webhook bodies: never raw to a terminal.
  io.stdout(terminalLines(lines));
  return 0;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) {
    return 50;
  }
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a whole number of at least 1, not "${raw}"`);
  }
  return limit;
}

export function describePlan(syncPlan: TeamSyncPlan, asOf: string): string {
  const lines = [
    `Team ${syncPlan.team.key} (${syncPlan.team.name}): ${syncPlan.issues.length} open issues, scored for ${asOf}`,
  ];
  const width = Math.max(5, ...syncPlan.issues.map((i) => i.decision.issue.key.length));
  lines.push(`  ${'KEY'.padEnd(width)}  ${'SCORE'.padStart(9)}  CHANGES · EXPLANATION`);
  const indent = ' '.repeat(width + 15);
  for (const {
    decision,
    iceboxChange,
    attachmentChange,
    oldLinksRemoved,
    suggestion,
  } of syncPlan.issues) {
    const changes = [
      iceboxChange === 'on' ? 'icebox on' : iceboxChange === 'off' ? 'icebox off' : '',
      attachmentChange ? 'attachment' : '',
      oldLinksRemoved > 0 ? 'old link removed' : '',
    ].filter((c) => c !== '');
    const score =
      decision.score === null ? (decision.icebox ? 'icebox' : '—') : formatNumber(decision.score);
    lines.push(
      `  ${decision.issue.key.padEnd(width)}  ${score.padStart(9)}  ${changes.length > 0 ? `${changes.join(', ')} · ` : ''}${decision.explanation}`,
    );
    if (suggestion !== undefined) {
      // Under the Icebox row, where the CHANGES · EXPLANATION column starts.
      lines.push(`${indent}${suggestionText(suggestion)}`);
    }
  }
  lines.push(`Moves (${syncPlan.moves.length}):`);
  for (const move of syncPlan.moves) {
    lines.push(
      `  ${move.key} ${'before' in move ? `before ${move.before}` : `after ${move.after}`}`,
    );
  }
  lines.push(`Writes: ${syncPlan.mutations.length} change(s).`);
  // Titles, keys and explanations come from Linear: escaped, so none can steer the terminal.
  return terminalLines(lines);
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'as-of': { type: 'string' },
        'set-aside': { type: 'boolean' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
