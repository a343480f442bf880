// `@forge/bridge` wants its host when it loads; call-resolver (UNREACHABLE) imports it.
import '../jira/ui/install-bridge';
import { describe, expect, it } from 'vitest';
import type { ResolverError } from '../../src/contract/result';
import { UNREACHABLE } from '../../src/jira/pages/call-resolver';
import { explainFailure, NO_ANSWER, RATE_LIMITED } from '../../static/roadmap/src/explain-failure';

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
