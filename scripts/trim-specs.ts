/**
 * `npm run specs:trim -- <full spec files>`: turns the API specs Atlassian and Linear publish
 * into the trimmed copies the tests validate against (test/fixtures/specs/). It keeps what
 * test/fixtures/specs/keep.yml names — Jira operations, Linear root fields — with everything
 * they reference, and drops descriptions, examples and the rest, so the repository stands
 * alone without carrying 4 MB of documentation.
 *
 * Which spec a file holds is read from its content (OpenAPI `info.title`, or GraphQL SDL),
 * not its name, so the files can be passed as Atlassian and Linear name them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const OUT_DIR = new URL('../test/fixtures/specs/', import.meta.url);

const Keep = z.object({
  'jira-platform.v3.json': z.array(z.string().regex(/^(GET|POST|PUT|DELETE|PATCH) \/\S+$/)),
  'jira-software.v3.json': z.array(z.string().regex(/^(GET|POST|PUT|DELETE|PATCH) \/\S+$/)),
  'linear.graphql': z.array(z.string().regex(/^(Query|Mutation)\.\w+$/)),
});
type Keep = z.infer<typeof Keep>;
type OpenApiName = 'jira-platform.v3.json' | 'jira-software.v3.json';

/** OpenAPI `info.title` → the name of the trimmed file. */
const OPENAPI_TITLES: Record<string, OpenApiName> = {
  'The Jira Cloud platform REST API': 'jira-platform.v3.json',
  'Jira Software Cloud API': 'jira-software.v3.json',
};

/** Keys that carry prose, not contract; dropped everywhere except as property names. */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);

class TrimError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Json>>;
  components?: { schemas?: Record<string, Json>; securitySchemes?: Record<string, Json> };
}

function withoutProse(value: Json, parentKey = ''): Json {
  if (Array.isArray(value)) {
    return value.map((item) => withoutProse(item));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) {
    // Under `properties`, "description" is a field of the API, not documentation.
    if (parentKey !== 'properties' && (PROSE.has(key) || key.startsWith('x-atlassian-narr'))) {
      continue;
    }
    out[key] = withoutProse(child, key);
  }
  return out;
}

function refsIn(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((item) => refsIn(item, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        into.add(child);
      } else {
        refsIn(child, into);
      }
    }
  }
}

export function trimOpenApi(spec: OpenApi, operations: readonly string[]): OpenApi {
  const paths: OpenApi['paths'] = {};
  for (const operation of operations) {
    const [method = '', template = ''] = operation.split(' ');
    const verb = method.toLowerCase();
    const item = spec.paths[template];
    const found = item?.[verb];
    if (found === undefined) {
      throw new TrimError(`${spec.info.title}: keep.yml names ${operation}, which it lacks`);
    }
    paths[template] = { ...paths[template], [verb]: withoutProse(found) };
    if (item?.parameters !== undefined) {
      paths[template].parameters = withoutProse(item.parameters);
    }
  }
  const all = spec.components?.schemas ?? {};
  const schemas: Record<string, Json> = {};
  const pending = new Set<string>();
  refsIn(paths, pending);
  const PREFIX = '#/components/schemas/';
  for (const ref of pending) {
    if (!ref.startsWith(PREFIX)) {
      throw new TrimError(`${spec.info.title}: cannot follow $ref ${ref}`);
    }
    const name = decodeURIComponent(ref.slice(PREFIX.length));
    if (name in schemas) {
      continue;
    }
    const schema = all[name];
    if (schema === undefined) {
      throw new TrimError(`${spec.info.title}: $ref ${ref} names no schema`);
    }
    schemas[name] = withoutProse(schema);
    // A Set visits what is added during iteration, so this walks the whole closure.
    refsIn(schemas[name], pending);
  }
  return {
    openapi: spec.openapi,
    info: { title: spec.info.title, version: spec.info.version },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: spec.components?.securitySchemes ?? {},
    },
  };
}

// graphql has no exports map; one copy for the whole process (see test/linear/support).
const graphql = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

export function trimGraphql(sdl: string, rootFields: readonly string[]): string {
  const { GraphQLObjectType, GraphQLSchema, buildSchema, printSchema, parse, print, visit } =
    graphql;
  const full = buildSchema(sdl, { assumeValidSDL: true });
  const root = (name: 'Query' | 'Mutation') => {
    const type = name === 'Query' ? full.getQueryType() : full.getMutationType();
    if (!type) {
      throw new TrimError(`the schema has no ${name} type`);
    }
    const fields = type.toConfig().fields;
    const kept: typeof fields = {};
    for (const entry of rootFields.filter((f) => f.startsWith(`${name}.`))) {
      const field = entry.slice(name.length + 1);
      const config = fields[field];
      if (config === undefined) {
        throw new TrimError(`keep.yml names ${entry}, which the schema lacks`);
      }
      kept[field] = config;
    }
    return new GraphQLObjectType({ name, fields: kept });
  };
  // graphql-js collects exactly the types reachable from the roots: the closure we want.
  const trimmed = new GraphQLSchema({ query: root('Query'), mutation: root('Mutation') });
  const document = visit(parse(printSchema(trimmed)), {
    enter(node) {
      return 'description' in node && node.description
        ? { ...node, description: undefined }
        : undefined;
    },
  });
  return `${print(document)}\n`;
}

/** The comment lines that open a GraphQL file: Linear's schema names its base there. */
function leadingComments(sdl: string): string[] {
  const lines: string[] = [];
  for (const line of sdl.split('\n')) {
    if (!line.startsWith('#')) {
      break;
    }
    lines.push(line);
  }
  return lines;
}

function trimFile(path: string, keep: Keep): string {
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const spec = JSON.parse(text) as OpenApi;
    const name = OPENAPI_TITLES[spec.info?.title];
    if (name === undefined) {
      throw new TrimError(
        `${path}: not a spec this script knows (OpenAPI title "${spec.info?.title}"; accepted: ${Object.keys(OPENAPI_TITLES).join(', ')})`,
      );
    }
    const trimmed = trimOpenApi(spec, keep[name]);
    writeFileSync(new URL(name, OUT_DIR), `${JSON.stringify(trimmed, null, 1)}\n`);
    return `${basename(path)} → test/fixtures/specs/${name}: ${Object.keys(trimmed.paths).length} paths, ${Object.keys(trimmed.components?.schemas ?? {}).length} schemas`;
  }
  const name = 'linear.graphql';
  const header = [
    `# Trimmed by scripts/trim-specs.ts (see README.md beside it) from ${basename(path)}, whose header read:`,
    ...leadingComments(text),
  ];
  const trimmed = trimGraphql(text, keep[name]);
  writeFileSync(new URL(name, OUT_DIR), `${header.join('\n')}\n\n${trimmed}`);
  const types = (trimmed.match(/^(type|input|enum|scalar|interface|union) /gm) ?? []).length;
  return `${basename(path)} → test/fixtures/specs/${name}: ${types} types`;
}

function main(files: string[]): number {
  if (files.length === 0) {
    console.error(
      'usage: npm run specs:trim -- <jira platform OpenAPI .json> <jira software OpenAPI .json> <linear .graphql>',
    );
    return 2;
  }
  const keep = Keep.parse(parseYaml(readFileSync(new URL('keep.yml', OUT_DIR), 'utf8')));
  try {
    for (const file of files) {
      console.log(trimFile(file, keep));
    }
  } catch (error) {
    if (error instanceof TrimError || error instanceof SyntaxError) {
      console.error(`specs:trim: ${error.message}`);
      return 1;
    }
    throw error;
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
