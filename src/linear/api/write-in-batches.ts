import { ForbiddenLinearError, PermanentLinearError } from './errors';
import type { LinearApi } from './linear-api';
import { aliasOf, indexOfAlias, mutationDocument, type Mutation } from './mutations';

/** A change Linear refused, and its words for why. */
export interface RefusedChange {
  mutation: Mutation;
  reason: string;
}

export interface BatchWriteResult {
  requests: number;
  /** Changes Linear refused; every other change was applied. */
  refused: RefusedChange[];
}

type WriteAnswer = Record<string, { success?: boolean } | null>;

/** The reason given for a change Linear answered `success: false` to, without an error. */
export const UNSUCCESSFUL = 'Linear answered success: false';

/**
 * Writes mutations in as few requests as Linear's complexity limit allows: each request carries
 * as many aliased mutations as `api.documentSize` says fit, learned from what Linear charged
 * for the previous ones (`x-complexity`). One refused change never
 * stops the others: an error Linear ties to one alias skips only that change, and a document
 * refused as a whole is split in halves until the refused change stands alone. Nothing is
 * spent on this when Linear accepts everything; a transient failure (Linear down) still
 * throws, as retrying later is the answer to it.
 */
export async function writeInBatches(
  api: LinearApi,
  mutations: readonly Mutation[],
  onProgress?: (done: number) => void,
): Promise<BatchWriteResult> {
  const result: BatchWriteResult = { requests: 0, refused: [] };
  let start = 0;
  while (start < mutations.length) {
    const slice = mutations.slice(start, start + api.documentSize.mutationsPerRequest());
    await writeBatch(api, slice, result);
    start += slice.length;
    onProgress?.(start);
  }
  return result;
}

async function writeBatch(
  api: LinearApi,
  mutations: readonly Mutation[],
  result: BatchWriteResult,
): Promise<void> {
  if (mutations.length === 0) {
    return;
  }
  const document = mutationDocument(mutations);
  result.requests++;
  let answer: WriteAnswer;
  try {
    answer = await api.write<WriteAnswer>(document.query, document.variables, {
      expected: api.documentSize.expectedComplexity(mutations.length),
      measured: (points) => api.documentSize.learn(mutations.length, points),
    });
  } catch (error) {
    if (!(error instanceof PermanentLinearError)) {
      throw error;
    }
    if (error instanceof ForbiddenLinearError && aliasErrors(error, mutations.length) === null) {
      // A whole document refused for permission is the caller's, not one change's: splitting
      // it would only be refused again, once per half.
      throw error;
    }
    const [only] = mutations;
    if (mutations.length === 1 && only !== undefined) {
      // Linear's own words for the field when it gave them (`Entity not found: IssueLabel`).
      result.refused.push({ mutation: only, reason: error.errors[0]?.message ?? error.message });
      return;
    }
    const byAlias = aliasErrors(error, mutations.length);
    if (byAlias === null) {
      // Refused as a whole (an invalid variable, a complexity limit): halve until it is found,
      // or straight to the size that fits when the refusal said what the document cost.
      const size = Math.min(
        Math.ceil(mutations.length / 2),
        api.documentSize.mutationsPerRequest(),
      );
      for (let start = 0; start < mutations.length; start += size) {
        await writeBatch(api, mutations.slice(start, start + size), result);
      }
      return;
    }
    for (const [index, reason] of byAlias) {
      result.refused.push({ mutation: mutations[index] as Mutation, reason });
    }
    const firstRefused = Math.min(...byAlias.keys());
    if (error.data !== null) {
      // An answer came beside the errors: it says which of the earlier mutations failed.
      mutations.slice(0, firstRefused).forEach((mutation, index) => {
        if (!succeeded(error.data?.[aliasOf(index)])) {
          result.refused.push({ mutation, reason: UNSUCCESSFUL });
        }
      });
    }
    // Mutations run in order and stop at a refused one, whose error voids the whole answer:
    // those before it ran, those after it did not. Send the later ones again (each is
    // idempotent: a label on or off, an upsert, a sort order, a delete not yet made).
    const unconfirmed = mutations.filter(
      (_, index) =>
        index > firstRefused && !byAlias.has(index) && !succeeded(error.data?.[aliasOf(index)]),
    );
    await writeBatch(api, unconfirmed, result);
    return;
  }
  mutations.forEach((mutation, index) => {
    if (!succeeded(answer[aliasOf(index)])) {
      result.refused.push({ mutation, reason: UNSUCCESSFUL });
    }
  });
}

/** Index → reason when every error names the alias it belongs to; null when any does not. */
function aliasErrors(error: PermanentLinearError, count: number): Map<number, string> | null {
  if (error.errors.length === 0) {
    return null;
  }
  const byAlias = new Map<number, string>();
  for (const fieldError of error.errors) {
    const index = indexOfAlias(fieldError.path?.[0], count);
    if (index === null) {
      return null;
    }
    byAlias.set(index, fieldError.message);
  }
  return byAlias;
}

function succeeded(payload: unknown): boolean {
  return (payload as { success?: unknown } | null | undefined)?.success === true;
}

/** One line per refused change, naming what it was to, for logs and the terminal. */
export function describeRefusal(refusal: RefusedChange): string {
  return `Linear refused ${refusal.mutation.name} on ${refusal.mutation.target}: ${refusal.reason}`;
}
