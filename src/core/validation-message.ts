import type { z } from 'zod';

/** Paths as people write them: `objectives[1].keyResults[0].target`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function describeValue(value: unknown): string {
  if (value === null) {
    return 'nothing';
  }
  if (typeof value === 'string') {
    return `"${value}"`;
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** The value at `path` inside `root`, for messages that show what was given. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/**
 * A zod issue as a sentence that says what was wrong and what is accepted. Schemas carry
 * their own wording for ranges and formats; this fills in types and unknown keys.
 */
export function validationMessage(
  issue: z.core.$ZodIssue,
  root: unknown,
  acceptedKeys: (path: readonly PropertyKey[]) => readonly string[] = () => [],
): string {
  if (issue.code === 'invalid_type') {
    const input = valueAt(root, issue.path);
    return input === undefined
      ? 'is required'
      : `must be ${EXPECTED[issue.expected] ?? issue.expected} (got ${describeValue(input)})`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    const accepted = acceptedKeys(issue.path);
    return accepted.length > 0
      ? `unknown key ${keys} — accepted: ${accepted.join(', ')}`
      : `unknown key ${keys}`;
  }
  return issue.message;
}

export function formatValidationIssue(
  issue: z.core.$ZodIssue,
  root: unknown,
  acceptedKeys?: (path: readonly PropertyKey[]) => readonly string[],
): string {
  const path = formatPath(issue.path);
  const message = validationMessage(issue, root, acceptedKeys);
  return path === '' ? message : `${path}: ${message}`;
}
