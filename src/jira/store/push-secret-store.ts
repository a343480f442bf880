import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { KeyValueStore } from './key-value-store';

/**
 * The per-KR secrets outside systems present to the push webtrigger. Only a SHA-256 hash is
 * kept: the secret is shown once, when made, and a leaked store does not leak it. One kvs key
 * per KR, so rotating one KR's secret never races another's.
 */

const keyOf = (krId: string): string => `push-secret:${krId}`;

const StoredPushSecretSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compared against when a KR has no secret, so an unknown KR takes as long as a wrong secret. */
const NO_SECRET = sha256('keyrank: no push secret');

/**
 * Makes a new secret for the KR, replacing its previous one (which stops working at once), and
 * answers it with its creation time. 32 random bytes, base64url: 43 characters, no padding.
 */
export async function rotatePushSecret(
  store: KeyValueStore,
  krId: string,
  now: Date,
): Promise<{ secret: string; createdAt: string }> {
  const secret = randomBytes(32).toString('base64url');
  const createdAt = now.toISOString();
  await store.set(keyOf(krId), { sha256: sha256(secret).toString('hex'), createdAt });
  return { secret, createdAt };
}

/** When each listed KR's secret was made; KRs without one (or with an unreadable one) are absent. */
export async function loadPushSecretDates(
  store: KeyValueStore,
  krIds: readonly string[],
): Promise<Map<string, string>> {
  const stored = await Promise.all(krIds.map((id) => store.get(keyOf(id))));
  const dates = new Map<string, string>();
  stored.forEach((raw, i) => {
    const parsed = StoredPushSecretSchema.safeParse(raw);
    if (parsed.success) {
      dates.set(krIds[i] as string, parsed.data.createdAt);
    }
  });
  return dates;
}

/**
 * Whether `presented` is the KR's current secret. The hashes are compared in constant time,
 * and a KR without a secret is compared against a stand-in, so neither the timing nor the
 * answer tells a caller which KRs exist.
 */
export async function verifyPushSecret(
  store: KeyValueStore,
  krId: string,
  presented: string,
): Promise<boolean> {
  const parsed = StoredPushSecretSchema.safeParse(await store.get(keyOf(krId)));
  const expected = parsed.success ? Buffer.from(parsed.data.sha256, 'hex') : NO_SECRET;
  // Both are 32-byte digests, so timingSafeEqual never throws on a length mismatch.
  return timingSafeEqual(sha256(presented), expected) && parsed.success;
}
