#!/usr/bin/env node
import { InputError, UsageError } from './errors';
import { processIo, type Io } from './io';
import { LINEAR_HELP, linearCommand } from './linear-command';
import { PLAN_HELP, planCommand } from './plan-command';
import { SERVE_HELP, serveCommand } from './serve-command';
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

const COMMANDS: Record<string, Command> = {
  plan: { run: planCommand, help: PLAN_HELP },
  serve: { run: serveCommand, help: SERVE_HELP },
  linear: { run: linearCommand, help: LINEAR_HELP },
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
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`${terminalText(`keyrank: unknown command "${name}"`)}\n\n${HELP}`);
    return 2;
  }
  // serve and linear talk to the network, so a command may finish later; errors end the same way.
  try {
    const code = command.run(args, io);
    return typeof code === 'number'
      ? code
      : code.catch((error: unknown) => failure(name, command, error, io));
  } catch (error) {
    return failure(name, command, error, io);
  }
}

function failure(name: string, command: Command, error: unknown, io: Io): number {
  // Messages quote arguments and file contents: escaped, so none can drive the terminal.
  if (error instanceof UsageError) {
    io.stderr(`${terminalText(`keyrank ${name}: ${error.message}`)}\n\n${command.help}`);
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
