import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Checks a request against Atlassian's OpenAPI documents: the path must exist, the method be
 * defined on it, every query parameter be declared (required ones present, enums respected)
 * and the JSON body match the operation's request schema. Returns what is wrong, [] if nothing.
 */

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string; enum?: unknown[] };
}

interface Operation {
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

interface Route {
  doc: string;
  template: string;
  pattern: RegExp;
  methods: Record<string, Operation>;
}

// Atlassian's specs, trimmed to the operations in keep.yml (scripts/trim-specs.ts).
const SPEC_DIR = new URL('../../fixtures/specs/', import.meta.url);

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export class SpecValidator {
  private readonly routes: Route[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(files: readonly string[] = ['jira-platform.v3.json', 'jira-software.v3.json']) {
    for (const file of files) {
      const spec = JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Spec;
      this.ajv.addSchema(spec, file);
      for (const [template, methods] of Object.entries(spec.paths)) {
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) =>
            part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
          )
          .join('');
        this.routes.push({ doc: file, template, pattern: new RegExp(`^${source}$`), methods });
      }
    }
    // Literal paths win over templated ones (/issue/rank before /issue/{issueIdOrKey}).
    this.routes.sort((a, b) => countParams(a.template) - countParams(b.template));
  }

  validate(method: string, path: string, query: URLSearchParams, body: unknown): string[] {
    const verb = method.toLowerCase();
    const candidates = this.routes.filter((r) => r.pattern.test(path));
    if (candidates.length === 0) {
      return [
        `${method} ${path}: no such path in the Jira specs (test/fixtures/specs keeps the operations keep.yml names)`,
      ];
    }
    const route = candidates.find((r) => r.methods[verb] !== undefined);
    const operation = route?.methods[verb];
    if (route === undefined || operation === undefined) {
      return [
        `${method} ${path}: method not allowed by the Jira specs (${candidates[0]?.template}; or not kept in test/fixtures/specs/keep.yml)`,
      ];
    }
    const where = `${method} ${route.template}`;
    const errors: string[] = [];
    if (operation.deprecated === true) {
      errors.push(`${where}: deprecated (being removed) — use its successor`);
    }
    const declared = new Map(
      (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]),
    );
    for (const name of new Set(query.keys())) {
      const parameter = declared.get(name);
      if (parameter === undefined) {
        errors.push(`${where}: query parameter "${name}" is not in the spec`);
        continue;
      }
      const value = query.get(name) ?? '';
      const schema = parameter.schema ?? {};
      if (schema.enum !== undefined && !schema.enum.includes(value)) {
        errors.push(`${where}: ${name}=${value} is not one of ${schema.enum.join(', ')}`);
      }
      if (
        (schema.type === 'integer' && !/^-?\d+$/.test(value)) ||
        (schema.type === 'boolean' && !/^(true|false)$/.test(value))
      ) {
        errors.push(`${where}: ${name}=${value} is not a ${schema.type}`);
      }
    }
    for (const parameter of declared.values()) {
      if (parameter.required === true && !query.has(parameter.name)) {
        errors.push(`${where}: required query parameter "${parameter.name}" is missing`);
      }
    }
    const content = operation.requestBody?.content?.['application/json'];
    if (body === undefined) {
      if (operation.requestBody?.required === true) {
        errors.push(`${where}: a JSON body is required`);
      }
    } else if (content?.schema === undefined) {
      errors.push(`${where}: the spec takes no JSON body`);
    } else {
      const validate = this.bodyValidator(route.doc, route.template, verb);
      if (!validate(body)) {
        for (const e of validate.errors ?? []) {
          errors.push(
            `${where}: body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
          );
        }
      }
    }
    return errors;
  }

  private bodyValidator(doc: string, template: string, verb: string): ValidateFunction {
    const ref = `${doc}#/${pointer('paths', template, verb, 'requestBody', 'content', 'application/json', 'schema')}`;
    let validate = this.compiled.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function countParams(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}
