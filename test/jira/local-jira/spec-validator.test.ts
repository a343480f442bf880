import { describe, expect, it } from 'vitest';
import { SpecValidator } from './spec-validator';

const validator = new SpecValidator();
const none = new URLSearchParams();

describe('the local Jira checks requests against the OpenAPI specs', () => {
  it('accepts the calls Keyrank makes', () => {
    expect(
      validator.validate('PUT', '/rest/agile/1.0/issue/rank', none, {
        issues: ['A-1'],
        rankAfterIssue: 'A-2',
      }),
    ).toEqual([]);
    expect(
      validator.validate('POST', '/rest/api/3/search/jql', none, {
        jql: 'project = A',
        fields: ['labels'],
        maxResults: 100,
      }),
    ).toEqual([]);
  });

  it('rejects the removed /search, unknown paths and methods', () => {
    expect(validator.validate('POST', '/rest/api/3/search', none, { jql: 'x' })).toEqual([
      'POST /rest/api/3/search: deprecated (being removed) — use its successor',
    ]);
    expect(validator.validate('GET', '/rest/api/3/nope', none, undefined)).toEqual([
      'GET /rest/api/3/nope: no such path in the Jira specs (test/fixtures/specs keeps the operations keep.yml names)',
    ]);
    expect(
      validator.validate('DELETE', '/rest/agile/1.0/issue/rank', none, undefined)[0],
    ).toContain('method not allowed');
  });

  it('rejects undeclared query parameters and bodies the schema does not allow', () => {
    expect(
      validator.validate(
        'GET',
        '/rest/api/3/issue/A-1',
        new URLSearchParams({ feilds: 'x' }),
        undefined,
      ),
    ).toEqual([
      'GET /rest/api/3/issue/{issueIdOrKey}: query parameter "feilds" is not in the spec',
    ]);
    expect(
      validator.validate('PUT', '/rest/agile/1.0/issue/rank', none, {
        issues: ['A-1'],
        after: 'A-2',
      })[0],
    ).toContain('must NOT have additional properties');
    expect(
      validator.validate('POST', '/rest/api/3/app/field/value', none, {
        updates: [{ customField: 'c', issueIds: ['A-1'], value: 1 }],
      })[0],
    ).toContain('body/updates/0/issueIds/0 must be integer');
  });
});
