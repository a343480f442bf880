#!/usr/bin/env node
import { InputError, UsageError } from './errors';
import { processIo, type Io } from './io';
import { PLAN_HELP, planCommand } from './plan-command';
import { terminalLines, terminalText } from './terminal-text';

export const HELP = `Usage: keyrank <command> [options]

Keyrank puts OKRs inside the issue tracker: RICE × key-result alignment scores, the Icebox
and the backlog rank.

Commands:
  plan      score a backlog snapshot and print the roadmap (no tracker touched)
  serve     run the Linear webhook adapter (scores, Icebox and backlog order in Linear)
  linear    linear setup: create Keyrank's labels; linear sync --team KEY: reconcile a backlog

Run "keyrank <command> --help" for a command's options.
`;

type Command = { run: (args: string[], io: Io) => number | Promise<number>; help: string };

/**
 * serve and linear bring the Linear SDK, PostgreSQL's and SQLite's drivers: loaded when one of
 * them is asked for, so `keyrank plan` (and --help) start without half a second of imports.
 */
const COMMANDS: Record<string, () => Command | Promise<Command>> = {
  plan: () => ({ run: planCommand, help: PLAN_HELP }),
  serve: async () => {
    const { SERVE_HELP, serveCommand } = await import('./serve-command');
    return { run: serveCommand, help: SERVE_HELP };
  },
  linear: async () => {
    const { LINEAR_HELP, linearCommand } = await import('./linear-command');
    return { run: linearCommand, help: LINEAR_HELP };
  },
};

/** Runs one command line and returns the exit code; never lets a stack trace reach a user. */
export function run(argv: string[], io: Io): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    // A missing command is a usage error: it goes where errors go, not into a pipe.
    io.stderr(`keyrank: a command is required\n\n${HELP}`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`${terminalText(`keyrank: unknown command "${name}"`)}\n\n${HELP}`);
    return 2;
  }
  const command = load();
  return command instanceof Promise
    ? command.then(
        (loaded) => runCommand(name, loaded, args, io),
        (error: unknown) => failure(name, HELP, error, io),
      )
    : runCommand(name, command, args, io);
}

// serve and linear talk to the network, so a command may finish later; errors end the same way.
function runCommand(
  name: string,
  command: Command,
  args: string[],
  io: Io,
): number | Promise<number> {
  try {
    const code = command.run(args, io);
    return typeof code === 'number'
      ? code
      : code.catch((error: unknown) => failure(name, command.help, error, io));
  } catch (error) {
    return failure(name, command.help, error, io);
  }
}

function failure(name: string, help: string, error: unknown, io: Io): number {
  // Messages quote arguments and file contents: escaped, so none can drive the terminal.
  if (error instanceof UsageError) {
    io.stderr(`${terminalText(`keyrank ${name}: ${error.message}`)}\n\n${help}`);
    return error.exitCode;
  }
  if (error instanceof InputError) {
    io.stderr(terminalLines(error.problems.map((p) => `error: ${p}`)));
    return error.exitCode;
  }
  const message = (error as Error).message ?? String(error);
  io.stderr(terminalLines([`keyrank ${name}: unexpected failure: ${message}`]));
  return 70;
}

const code = run(process.argv.slice(2), processIo());
if (typeof code === 'number') {
  process.exitCode = code;
} else {
  void code.then((exit) => {
    process.exitCode = exit;
  });
}
