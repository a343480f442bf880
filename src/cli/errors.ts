/** The command line was wrong: exit 2, with the usage line. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An input file was wrong: exit 1, with every problem found (file, path, what is accepted). */
export class InputError extends Error {
  readonly exitCode = 1;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}
