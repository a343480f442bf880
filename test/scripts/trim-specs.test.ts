import { describe, expect, it } from 'vitest';
import { trimGraphql, trimOpenApi } from '../../scripts/trim-specs';

/** A miniature of Atlassian's documents: two operations, schemas that reference each other. */
const jira = {
  openapi: '3.0.1',
  info: { title: 'The Jira Cloud platform REST API', version: '1001.0.0' },
  paths: {
    '/rest/api/3/issue/{issueIdOrKey}': {
      parameters: [{ name: 'issueIdOrKey', in: 'path', required: true }],
      get: {
        summary: 'Get issue',
        description: 'Returns the details for an issue.',
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/IssueBean' } } },
          },
        },
        'x-atlassian-oauth2-scopes': [{ scopes: ['read:jira-work'] }],
      },
      delete: { responses: {} },
    },
    '/rest/api/3/field': { get: { responses: { '200': { description: 'ok' } } } },
  },
  components: {
    schemas: {
      IssueBean: {
        description: 'Details about an issue.',
        properties: {
          description: { type: 'string', description: 'The issue description.' },
          fields: { $ref: '#/components/schemas/Fields' },
        },
      },
      Fields: { properties: { labels: { type: 'array', items: { type: 'string' } } } },
      Unrelated: { type: 'object' },
    },
    securitySchemes: { OAuth2: { type: 'oauth2' } },
  },
};

describe('trimOpenApi', () => {
  const trimmed = trimOpenApi(structuredClone(jira), ['GET /rest/api/3/issue/{issueIdOrKey}']);

  it('keeps the named operations, their path parameters and scopes, and nothing else', () => {
    expect(Object.keys(trimmed.paths)).toEqual(['/rest/api/3/issue/{issueIdOrKey}']);
    const item = trimmed.paths['/rest/api/3/issue/{issueIdOrKey}'] ?? {};
    expect(Object.keys(item).sort()).toEqual(['get', 'parameters']);
    expect(item.get).toMatchObject({
      'x-atlassian-oauth2-scopes': [{ scopes: ['read:jira-work'] }],
    });
  });

  it('follows $refs through schemas and drops the unreferenced ones', () => {
    expect(Object.keys(trimmed.components?.schemas ?? {})).toEqual(['Fields', 'IssueBean']);
  });

  it('strips prose but keeps a property that is called "description"', () => {
    expect(JSON.stringify(trimmed)).not.toMatch(/Returns the details|Get issue|Details about/);
    expect(trimmed.components?.schemas?.IssueBean).toEqual({
      properties: {
        description: { type: 'string' },
        fields: { $ref: '#/components/schemas/Fields' },
      },
    });
  });

  it('refuses a kept operation the spec lacks, naming it', () => {
    expect(() => trimOpenApi(structuredClone(jira), ['POST /rest/api/3/field'])).toThrow(
      'keep.yml names POST /rest/api/3/field, which it lacks',
    );
  });
});

const linear = `
"""The root query."""
type Query {
  """One issue by id."""
  issue(id: String!): Issue!
  organization: Organization!
}
type Mutation {
  issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
  organizationDelete: Boolean
}
type Issue { id: ID!  title: String!  state: WorkflowState! }
type WorkflowState { id: ID!  type: String! }
type Organization { id: ID!  name: String! }
input IssueUpdateInput { sortOrder: Float  labelIds: [String!] }
type IssuePayload { success: Boolean!  issue: Issue }
`;

describe('trimGraphql', () => {
  const trimmed = trimGraphql(linear, ['Query.issue', 'Mutation.issueUpdate']);

  it('keeps the named root fields and the types they reach', () => {
    expect(trimmed).toContain('issue(id: String!): Issue!');
    expect(trimmed).toContain('issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!');
    for (const type of [
      'type Issue ',
      'type WorkflowState ',
      'input IssueUpdateInput ',
      'type IssuePayload ',
    ]) {
      expect(trimmed).toContain(type);
    }
  });

  it('drops what no kept root field reaches, and the descriptions', () => {
    expect(trimmed).not.toMatch(/Organization|organizationDelete|One issue by id|root query/);
  });

  it('refuses a kept root field the schema lacks', () => {
    expect(() => trimGraphql(linear, ['Query.viewer'])).toThrow(
      'keep.yml names Query.viewer, which the schema lacks',
    );
  });
});
