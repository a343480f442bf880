import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Score page links carry `?sig=`, an HMAC-SHA256 of the issue identifier, so the pages of a
 * private workspace cannot be walked by guessing `ENG-1`, `ENG-2`, … The key is derived from
 * the webhook signing secret (one secret to configure); rotating that secret changes every link.
 */
export interface ScoreLinks {
  /** The attachment URL for an issue: `<public URL>/issues/ENG-42?sig=…`. */
  url: (identifier: string) => string;
  /** True when `sig` is the signature of `identifier`; constant-time. */
  verify: (identifier: string, sig: string | null) => boolean;
  /** What every Keyrank link starts with: `<public URL>/issues/`. */
  prefix: string;
}

/** Labels the derived key, so the link key is never the webhook secret itself. */
const PURPOSE = 'keyrank score page link v1';

export function scoreLinks(publicUrl: string, webhookSecret: string): ScoreLinks {
  const key = createHmac('sha256', webhookSecret).update(PURPOSE).digest();
  const sign = (identifier: string): string =>
    createHmac('sha256', key).update(identifier).digest('base64url');
  const prefix = `${publicUrl}/issues/`;
  return {
    prefix,
    url: (identifier) => `${prefix}${encodeURIComponent(identifier)}?sig=${sign(identifier)}`,
    verify: (identifier, sig) => {
      if (sig === null) {
        return false;
      }
      const wanted = Buffer.from(sign(identifier));
      const given = Buffer.from(sig);
      return wanted.length === given.length && timingSafeEqual(wanted, given);
    },
  };
}
