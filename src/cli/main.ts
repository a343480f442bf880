#!/usr/bin/env node
import { InputError, UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { PLAN_HELP, planCommand } from './plan-command.js';

export const HELP = `Usage: keyrank <command> [options]

Keyrank puts OKRs inside the issue tracker: RICE × key-result alignment scores, the Icebox
and the backlog rank.

Commands:
  plan      score a backlog snapshot and print the roadmap (no tracker touched)

Run "keyrank <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (args: string[], io: Io) => number; help: string }> = {
  plan: { run: planCommand, help: PLAN_HELP },
};

/** Runs one command line and returns the exit code; never lets a stack trace reach a user. */
export function run(argv: string[], io: Io): number {
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
    io.stderr(`keyrank: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`keyrank ${name}: ${error.message}\n\n${command.help}`);
      return error.exitCode;
    }
    if (error instanceof InputError) {
      io.stderr(error.problems.map((p) => `error: ${p}\n`).join(''));
      return error.exitCode;
    }
    io.stderr(
      `keyrank ${name}: unexpected failure: ${(error as Error).message ?? String(error)}\n`,
    );
    return 70;
  }
}

process.exitCode = run(process.argv.slice(2), processIo());
