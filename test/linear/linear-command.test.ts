import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io';
import { linearCommand } from '../../src/cli/linear-command';
import { EventQueue } from '../../src/linear/store/event-queue';
import { withDatabase } from './store/databases';
import { API_KEY, LocalLinear, type Team } from './support/local-linear';
import { SECRET } from './support/webhooks';
import { AS_OF, OKRS_PATH, PUBLIC_URL, seedWorkspace } from './support/workspace';

function io(env: Record<string, string | undefined>) {
  const out = { stdout: '', stderr: '' };
  const value: Io = {
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    readFile: (path) => readFileSync(path, 'utf8'),
    today: () => AS_OF,
    env,
  };
  return { io: value, out };
}

describe('keyrank linear setup', () => {
  const linear = new LocalLinear();
  let env: Record<string, string>;
  beforeAll(async () => {
    await linear.start();
    env = { LINEAR_API_KEY: API_KEY, LINEAR_API_URL: linear.url, KEYRANK_OKRS: OKRS_PATH };
  });
  afterAll(async () => {
    await linear.close();
  });

  it('--dry-run lists the labels it would create and writes nothing', async () => {
    const run = io(env);
    expect(await linearCommand(['setup', '--dry-run'], run.io)).toBe(0);
    expect(run.out.stdout).toContain('would create label group "Key Results" (multi-select)');
    expect(run.out.stdout).toContain(
      'would create label "Key Results / O1-KR1": Raise NPS: 40 → 60',
    );
    expect(run.out.stdout).toContain('would create label "Impact / Massive (3)"');
    expect(run.out.stdout).toContain('would create label "icebox" (the Icebox)');
    expect(linear.writes).toBe(0);
  });

  it('creates every group and label in one request, the Key Results group multi-select', async () => {
    const run = io(env);
    expect(await linearCommand(['setup'], run.io)).toBe(0);
    expect(linear.writes).toBe(1);
    const group = linear.labels.find((l) => l.name === 'Key Results');
    expect(group).toMatchObject({ isGroup: true, groupType: 'multiSelect', teamId: null });
    const krs = linear.labels.filter((l) => l.parentId === group?.id).map((l) => l.name);
    expect(krs.sort()).toEqual(['O0-KR1', 'O1-KR1', 'O1-KR2', 'O2-KR1']);
    expect(linear.label('Key Results/O1-KR2').description).toBe('Cut agency churn: 10 → 6%');
    for (const name of ['Impact', 'Confidence', 'Reach']) {
      expect(linear.labels.find((l) => l.name === name)).toMatchObject({
        isGroup: true,
        groupType: 'singleSelect',
      });
    }
    expect(linear.label('Confidence/Medium (80%)')).toBeDefined();
    expect(linear.label('icebox').isGroup).toBe(false);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const writes = linear.writes;
    const run = io(env);
    expect(await linearCommand(['setup'], run.io)).toBe(0);
    expect(run.out.stdout).toBe('Linear labels are up to date: nothing to change.\n');
    expect(linear.writes).toBe(writes);
  });

  it('updates a key result whose title changed', async () => {
    linear.label('Key Results/O1-KR1').description = 'an old title';
    const run = io(env);
    expect(await linearCommand(['setup'], run.io)).toBe(0);
    expect(run.out.stdout).toContain('update "Key Results / O1-KR1"');
    expect(linear.label('Key Results/O1-KR1').description).toBe('Raise NPS: 40 → 60');
  });

  it('makes a hand-made single-select Key Results group multi-select', async () => {
    const group = linear.labels.find((l) => l.name === 'Key Results');
    if (group) {
      group.groupType = 'singleSelect';
    }
    const run = io(env);
    expect(await linearCommand(['setup'], run.io)).toBe(0);
    expect(run.out.stdout).toContain('update the label group "Key Results" (groupType)');
    expect(group?.groupType).toBe('multiSelect');
  });

  it('stops with exit 1 and one clear message when LINEAR_API_KEY is missing', async () => {
    const run = io({ ...env, LINEAR_API_KEY: undefined });
    await expect(linearCommand(['setup'], run.io)).rejects.toMatchObject({
      exitCode: 1,
      problems: [expect.stringContaining('LINEAR_API_KEY is not set')],
    });
  });

  it('stops with exit 1 on an invalid OKR file, naming the file and path', async () => {
    const bad = new URL('../fixtures/cli/okrs-invalid-values.yml', import.meta.url).pathname;
    const run = io({ ...env, KEYRANK_OKRS: bad });
    const error = await linearCommand(['setup'], run.io).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 1 });
    expect((error as { problems: string[] }).problems.join('\n')).toContain(
      'okrs-invalid-values.yml',
    );
  });

  it('answers usage errors with exit 2', async () => {
    await expect(linearCommand(['sync'], io(env).io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(linearCommand(['frobnicate'], io(env).io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(linearCommand(['setup', '--nope'], io(env).io)).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});

describe('keyrank linear sync', () => {
  const linear = new LocalLinear();
  let env: Record<string, string>;
  let eng: Team;
  let ops: Team;
  beforeAll(async () => {
    await linear.start();
    ({ eng, ops } = seedWorkspace(linear));
    env = {
      LINEAR_API_KEY: API_KEY,
      LINEAR_API_URL: linear.url,
      KEYRANK_OKRS: OKRS_PATH,
      KEYRANK_PUBLIC_URL: PUBLIC_URL,
      // Score links are signed with a key derived from the webhook secret.
      LINEAR_WEBHOOK_SECRET: SECRET,
    };
    const rice = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
    // 250 issues: three pages. Every tenth serves a key result; the rest wait in the Icebox.
    for (let i = 0; i < 250; i++) {
      linear.addIssue(eng, {
        labels: i % 10 === 0 ? ['Key Results/O1-KR1', ...rice] : rice,
        estimate: 1 + (i % 7),
      });
    }
    linear.addIssue(ops, { labels: rice });
  });
  afterAll(async () => {
    await linear.close();
  });

  it('--dry-run prints scores, icebox changes and moves, and writes nothing', async () => {
    const run = io(env);
    expect(await linearCommand(['sync', '--team', 'eng', '--dry-run'], run.io)).toBe(0);
    expect(run.out.stdout).toContain(
      'Team ENG (Engineering): 250 open issues, scored for 2026-11-15',
    );
    expect(run.out.stdout).toMatch(/ENG-1 +1600 +attachment · RICE 1000 × 2 × 80% \/ 1 = 1600/);
    expect(run.out.stdout).toMatch(/ENG-2 +icebox +icebox on, attachment · Icebox:/);
    expect(run.out.stdout).toMatch(/Moves \(\d+\):/);
    expect(run.out.stdout).toContain('Dry run: nothing written.');
    expect(run.out.stderr).toContain('reading ENG: 250 issues');
    expect(linear.writes).toBe(0);
  });

  it('--dry-run escapes what Linear holds, so a team name cannot steer the terminal or forge a line', async () => {
    const evil = linear.addTeam(
      'EVIL',
      'Evil\u001b]8;;https://x.test\u0007link\u001b]8;;\u0007\nTeam FAKE',
    );
    linear.addIssue(evil, { labels: ['Key Results/O1-KR1'] });
    const run = io(env);
    expect(await linearCommand(['sync', '--team', 'evil', '--dry-run'], run.io)).toBe(0);
    expect(run.out.stdout).not.toContain('\u001b');
    expect(run.out.stdout).toContain('Evil\\u001b]8;;https://x.test\\u0007link');
    expect(run.out.stdout.split('\n').filter((line) => line.startsWith('Team '))).toHaveLength(1);
    expect(linear.writes).toBe(0);
  });

  it('applies the plan in batched requests with a progress bar, then has nothing left to do', async () => {
    const run = io(env);
    expect(await linearCommand(['sync', '--team', 'ENG'], run.io)).toBe(0);
    expect(run.out.stderr).toMatch(/writing \[#+\] (\d+)\/\1\n/);
    const engIssues = linear.issues.filter((i) => i.teamId === eng.id);
    expect(engIssues.every((i) => linear.attachmentOf(i) !== undefined)).toBe(true);
    expect(engIssues.filter((i) => linear.labelNames(i).includes('icebox'))).toHaveLength(225);
    // Key-result work first, highest score first; the Icebox after it.
    const order = linear.order(eng).map((key) => linear.issue(key));
    expect(order.slice(0, 25).every((i) => linear.labelNames(i).includes('O1-KR1'))).toBe(true);
    const scores = order.slice(0, 25).map((i) => linear.attachmentOf(i)?.metadata.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Batched: hundreds of changes in a handful of requests; the other team untouched.
    expect(linear.writes).toBeLessThan(20);
    const opsIssue = linear.issues.find((i) => i.teamId === ops.id);
    expect(opsIssue && linear.attachmentOf(opsIssue)).toBeUndefined();

    const writes = linear.writes;
    const again = io(env);
    expect(await linearCommand(['sync', '--team', 'ENG'], again.io)).toBe(0);
    expect(again.out.stdout).toContain('Moves (0):');
    expect(again.out.stdout).toContain('Nothing to change.');
    expect(linear.writes).toBe(writes);
  });

  it('needs LINEAR_WEBHOOK_SECRET, which signs the score links', async () => {
    const withoutSecret = { ...env, LINEAR_WEBHOOK_SECRET: '' };
    await expect(
      linearCommand(['sync', '--team', 'ENG'], io(withoutSecret).io),
    ).rejects.toMatchObject({
      exitCode: 1,
      problems: [expect.stringContaining('LINEAR_WEBHOOK_SECRET is not set')],
    });
  });

  it('writes every other change when Linear refuses one issue, names it and exits 1', async () => {
    const refused = linear.issues.find((i) => i.teamId === ops.id) as (typeof linear.issues)[0];
    linear.refuseWritesTo(refused, 'field');
    const other = linear.addIssue(ops, {
      labels: ['Key Results/O1-KR1', 'Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'],
      estimate: 1,
    });
    const run = io(env);
    expect(await linearCommand(['sync', '--team', 'OPS'], run.io)).toBe(1);
    expect(linear.attachmentOf(other)?.title).toBe('Keyrank score 1600');
    expect(linear.attachmentOf(refused)).toBeUndefined();
    expect(run.out.stderr).toContain(
      `error: Linear refused issueAddLabel on ${refused.identifier}: Issue is locked by an integration\n`,
    );
    expect(run.out.stderr).toContain('change(s) refused; run again once the cause is fixed.');
  });

  it('exits 1 for an unknown team', async () => {
    await expect(linearCommand(['sync', '--team', 'NOPE'], io(env).io)).rejects.toMatchObject({
      exitCode: 1,
      problems: ['Linear: Linear has no team with the key "NOPE"'],
    });
  });
});

describe('keyrank linear sync --dry-run: KR suggestions', () => {
  const linear = new LocalLinear();
  let env: Record<string, string>;
  beforeAll(async () => {
    await linear.start();
    const { eng } = seedWorkspace(linear);
    env = {
      LINEAR_API_KEY: API_KEY,
      LINEAR_API_URL: linear.url,
      KEYRANK_OKRS: OKRS_PATH,
      KEYRANK_PUBLIC_URL: PUBLIC_URL,
      LINEAR_WEBHOOK_SECRET: SECRET,
    };
    const rice = ['Impact/High (2)', 'Confidence/Medium (80%)', 'Reach/1,000'];
    linear.addIssue(eng, {
      title: 'Template gallery for new workspaces',
      description: 'Starter templates in a gallery, so a new workspace has a board on day one.',
      labels: ['Key Results/O2-KR1', ...rice],
    });
    linear.addIssue(eng, {
      title: 'Onboarding checklist with starter templates',
      labels: ['Key Results/O2-KR1', ...rice],
    });
    // ENG-3 fits O2-KR1, with terminal escapes, a forged line and a bidi override around its words.
    linear.addIssue(eng, {
      title: 'Gallery\u001b[2J templates',
      description:
        'More \u001b]0;pwned\u0007templates for the gallery\nENG-99  forged row\u202e\u009b31m',
      labels: rice,
    });
    // ENG-4 fits nothing.
    linear.addIssue(eng, { title: 'Upgrade the database driver', labels: rice });
  });
  afterAll(async () => {
    await linear.close();
  });

  it('lists the top suggestion and its reason under each Icebox issue, escaped, and writes nothing', async () => {
    const run = io(env);
    expect(await linearCommand(['sync', '--team', 'ENG', '--dry-run'], run.io)).toBe(0);
    const lines = run.out.stdout.split('\n');
    const row = lines.findIndex((line) => /^ {2}ENG-3 +icebox +icebox on/.test(line));
    expect(row).toBeGreaterThan(0);
    expect(lines[row + 1]).toMatch(
      /^ {20}suggested: O2-KR1 \(0\.\d\d\) — shares: .*templates.* · like ENG-1/,
    );
    const fitsNothing = lines.findIndex((line) => /^ {2}ENG-4 +icebox /.test(line));
    expect(lines[fitsNothing + 1]).not.toContain('suggested');
    expect(run.out.stdout.match(/suggested:/g)).toHaveLength(1);
    // Nothing raw but the line ends: no ESC, BEL, C1 or bidi control, and no forged row.
    expect(run.out.stdout.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
    expect(lines.some((line) => line.startsWith('ENG-99'))).toBe(false);
    expect(linear.writes).toBe(0);

    // Applied, the attachment says the same; the next run has nothing to change.
    expect(await linearCommand(['sync', '--team', 'ENG'], io(env).io)).toBe(0);
    expect(linear.attachmentOf(linear.issue('ENG-3'))?.subtitle).toContain(
      lines[row + 1]?.trim() ?? 'missing',
    );
    const writes = linear.writes;
    const again = io(env);
    expect(await linearCommand(['sync', '--team', 'ENG'], again.io)).toBe(0);
    expect(again.out.stdout).toContain('Nothing to change.');
    expect(again.out.stdout).toMatch(/^ {20}suggested: O2-KR1 /m);
    expect(linear.writes).toBe(writes);
  });
});

describe('keyrank linear inbox', () => {
  let path: string;
  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'keyrank-')), 'keyrank.db');
    await withDatabase(path, async (db) => {
      const inbox = await EventQueue.open(db, () => Date.parse('2026-11-15T09:00:00Z'));
      await inbox.accept('d-pending', 'f-pending', 'issue-1', '{}');
      // A body that is not an Issue event, with a terminal escape and a forged row in it.
      await inbox.setAside('d-\u001b[2Jbad\nforged row', 'f-1', '{"type":"Issue"', 'not JSON');
      // An event that failed too often: its payload names the issue.
      await inbox.accept(
        'd-failed',
        'f-2',
        'issue-2',
        JSON.stringify({ data: { identifier: 'ENG-42' } }),
      );
      const [failed] = (await inbox.due(Date.now(), 10)).filter((e) => e.delivery === 'd-failed');
      await inbox.setAsideEvent(
        failed?.seq ?? -1,
        'set aside after 12 failures: \u001b]0;pwned\u0007',
      );
    });
  });

  it('prints the counts, and lists the set-aside events with --set-aside, escaped', async () => {
    const counts = io({ KEYRANK_DB: path });
    expect(await linearCommand(['inbox'], counts.io)).toBe(0);
    expect(counts.out.stdout).toBe(
      `Inbox ${path}: 1 pending, 0 done, 2 set aside.\n` +
        'Run "keyrank linear inbox --set-aside" to list the set-aside events.\n',
    );

    const run = io({ KEYRANK_DB: path });
    expect(await linearCommand(['inbox', '--set-aside'], run.io)).toBe(0);
    const lines = run.out.stdout.split('\n');
    expect(lines[1]).toBe('Set aside, newest first:');
    expect(lines[2]).toMatch(
      /^ {2}#3 {2}2026-11-15T09:00:00.000Z {2}delivery d-failed {2}issue ENG-42$/,
    );
    expect(lines[3]).toBe('      why: set aside after 12 failures: \\u001b]0;pwned\\u0007');
    expect(lines[4]).toMatch(/delivery d-\\u001b\[2Jbad\\nforged row {2}issue \(unknown\)$/);
    expect(lines[5]).toBe('      why: not JSON');
    // Nothing raw but the line ends: no ESC, BEL or newline inside a row.
    expect(run.out.stdout.replace(/\n/g, '')).not.toMatch(/\p{Cc}/u);

    const limited = io({ KEYRANK_DB: path });
    expect(await linearCommand(['inbox', '--set-aside', '--limit', '1'], limited.io)).toBe(0);
    expect(limited.out.stdout).toContain('Set aside, newest first (1 of 2):');
    expect(limited.out.stdout).not.toContain('forged row');
  });

  it('needs no API key, and changes nothing in the file', async () => {
    const db = new Database(path, { readonly: true });
    const before = db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    expect(await linearCommand(['inbox', '--set-aside'], io({ KEYRANK_DB: path }).io)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
    db.close();
  });

  it('exits 1 for an inbox file that does not exist, and creates none', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'keyrank-')), 'typo.db');
    await expect(linearCommand(['inbox'], io({ KEYRANK_DB: missing }).io)).rejects.toMatchObject({
      exitCode: 1,
      problems: [expect.stringContaining(`cannot open ${missing} (KEYRANK_DB)`)],
    });
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 1 for a file that is not an inbox', async () => {
    const other = join(mkdtempSync(join(tmpdir(), 'keyrank-')), 'other.db');
    new Database(other).exec('CREATE TABLE t (x)').close();
    await expect(linearCommand(['inbox'], io({ KEYRANK_DB: other }).io)).rejects.toMatchObject({
      exitCode: 1,
      problems: [expect.stringContaining('is not a Keyrank inbox')],
    });
  });

  it('answers --help, and usage errors with exit 2', async () => {
    const help = io({});
    expect(await linearCommand(['inbox', '--help'], help.io)).toBe(0);
    expect(help.out.stdout).toContain('keyrank linear inbox [--set-aside] [--limit <N>]');
    for (const args of [
      ['inbox', '--limit', '0'],
      ['inbox', '--limit', 'ten'],
      ['inbox', '--team', 'ENG'],
      ['inbox', '--dry-run'],
      ['sync', '--team', 'ENG', '--set-aside'],
      ['inbox', 'extra'],
    ]) {
      await expect(linearCommand(args, io({ KEYRANK_DB: path }).io)).rejects.toMatchObject({
        exitCode: 2,
      });
    }
  });
});
