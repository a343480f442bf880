import {
  Kind,
  parse,
  type DirectiveNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_COMPLEXITY } from './document-size';

/**
 * What a GraphQL document costs by Linear's documented rule
 * (https://linear.app/developers/rate-limiting): each property 0.1 point, each object 1, a
 * connection's children multiplied by its `first` (50 when not given), rounded up. Linear
 * refuses a document over 10,000 points as a whole, so Keyrank sizes its read pages with this
 * before sending them, and the local Linear of the tests charges with the same function.
 */

type Variables = Record<string, unknown>;

/** Keyrank's own ceiling for one read: half of Linear's limit, so a richer issue still fits. */
export const READ_COMPLEXITY_BUDGET = MAX_COMPLEXITY / 2;
/** The most `first` Linear takes on a connection. */
export const MAX_PAGE = 250;
/** What Linear returns, and charges for, when a connection names no `first`. */
const DEFAULT_PAGE = 50;

/** The points of a document's (first) operation with these variables. */
export function queryComplexity(document: string, variables: Variables = {}): number {
  const operation = parse(document).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operation ? selectionComplexity(operation.selectionSet, variables) : 0;
}

/** The points of a parsed selection; fields a false `@include` or true `@skip` drops are free. */
export function selectionComplexity(selectionSet: SelectionSetNode, variables: Variables): number {
  const points = (set: SelectionSetNode): number =>
    set.selections.reduce((sum, selection) => {
      if (selection.kind !== Kind.FIELD || !isIncluded(selection.directives, variables)) {
        return sum;
      }
      if (!selection.selectionSet) {
        return sum + 0.1;
      }
      const first = selection.arguments?.find((a) => a.name.value === 'first')?.value;
      const isConnection = selection.selectionSet.selections.some(
        (s) => s.kind === Kind.FIELD && s.name.value === 'nodes',
      );
      const given = first === undefined ? undefined : valueOf(first, variables);
      const count = typeof given === 'number' ? given : isConnection ? DEFAULT_PAGE : 1;
      return sum + 1 + count * points(selection.selectionSet);
    }, 0);
  // Rounded to a tenth first: 0.1 is not exact in binary, and 7 properties must cost 0.7, not 0.71.
  return Math.ceil(Math.round(points(selectionSet) * 10) / 10);
}

/**
 * The largest page (at most 250) a paged read can ask for and stay within `budget`: the
 * document takes its page size in the variable `pageVariable`, and `variables` are the
 * dearest it is sent with (every `@include` on).
 */
export function largestPage(
  document: string,
  variables: Variables,
  pageVariable = 'first',
  budget = READ_COMPLEXITY_BUDGET,
): number {
  const cost = (size: number) => queryComplexity(document, { ...variables, [pageVariable]: size });
  if (cost(1) > budget) {
    throw new Error(`a page of one costs ${cost(1)} points, over the budget of ${budget}`);
  }
  // Cost grows with the page size, so a binary search finds the largest that fits.
  let low = 1;
  let high = MAX_PAGE;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (cost(mid) <= budget) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

function isIncluded(directives: readonly DirectiveNode[] | undefined, variables: Variables) {
  return (directives ?? []).every((directive) => {
    const condition = directive.arguments?.find((a) => a.name.value === 'if')?.value;
    const value = condition === undefined ? undefined : valueOf(condition, variables);
    if (directive.name.value === 'include') {
      return value !== false;
    }
    return directive.name.value !== 'skip' || value !== true;
  });
}

function valueOf(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.VARIABLE:
      return variables[node.name.value];
    default:
      return undefined;
  }
}
