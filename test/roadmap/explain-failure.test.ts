import { describe, expect, it } from 'vitest';
import { UNREACHABLE, type ResolverError } from '../../src/contract/result';
import {
  explainFailure,
  LINEAR_NO_ANSWER,
  LINEAR_RATE_LIMITED,
  NO_ANSWER,
  RATE_LIMITED,
  SERVER_RATE_LIMITED,
} from '../../static/roadmap/src/explain-failure';

describe('explainFailure: what the roadmap page says when a call fails', () => {
  it.each<[string, ResolverError, string, boolean]>([
    [
      'a refusal keeps its sentence, no retry',
      { kind: 'forbidden', message: 'You cannot edit ENG-7: ask a project admin.' },
      'You cannot edit ENG-7: ask a project admin.',
      false,
    ],
    [
      "Jira's 429 after the client's retries",
      { kind: 'jira-error', message: 'Jira answered 429 to search issues: Rate limit exceeded' },
      RATE_LIMITED,
      true,
    ],
    [
      'a rate limit named in words',
      { kind: 'jira-error', message: 'rate-limited by Jira' },
      RATE_LIMITED,
      true,
    ],
    ['a bridge call that threw', { kind: 'jira-error', message: UNREACHABLE }, NO_ANSWER, true],
    [
      'another Jira status keeps its message',
      { kind: 'jira-error', message: 'Jira answered 503 to search issues' },
      'Jira answered 503 to search issues',
      true,
    ],
    [
      'a number that merely contains 429 is no rate limit',
      { kind: 'invalid-input', message: 'ENG-4290 does not exist' },
      'ENG-4290 does not exist',
      true,
    ],
  ])('%s', (_case, error, message, retry) => {
    expect(explainFailure(error)).toEqual({ message, retry });
  });
});

describe('explainFailure on keyrank serve: Linear’s words, no Jira admin', () => {
  it.each<[string, ResolverError, string, boolean]>([
    [
      "keyrank serve's HTTP 429",
      { kind: 'jira-error', message: SERVER_RATE_LIMITED },
      LINEAR_RATE_LIMITED,
      true,
    ],
    [
      "Linear's rate limit passed on by the server",
      { kind: 'jira-error', message: 'Linear answered RATELIMITED: rate limit exceeded' },
      LINEAR_RATE_LIMITED,
      true,
    ],
    ['a fetch that failed', { kind: 'jira-error', message: UNREACHABLE }, LINEAR_NO_ANSWER, true],
    [
      'a refusal keeps its sentence, no retry',
      { kind: 'forbidden', message: 'Your session ended — sign in again.' },
      'Your session ended — sign in again.',
      false,
    ],
  ])('%s', (_case, error, message, retry) => {
    expect(explainFailure(error, 'Linear')).toEqual({ message, retry });
  });
});
