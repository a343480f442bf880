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
  /** The page without a signature; every link Keyrank ever made for it starts so. */
  page: (identifier: string) => string;
  /**
   * True for Keyrank's own link to this issue that is not the current one: unsigned (made
   * before links were signed) or signed with a rotated secret. Those lead to a 404 now.
   */
  isOlder: (identifier: string, url: string) => boolean;
}

/** Labels the derived key, so the link key is never the webhook secret itself. */
const PURPOSE = 'keyrank score page link v1';

export function scoreLinks(publicUrl: string, webhookSecret: string): ScoreLinks {
  const key = createHmac('sha256', webhookSecret).update(PURPOSE).digest();
  const sign = (identifier: string): string =>
    createHmac('sha256', key).update(identifier).digest('base64url');
  const prefix = `${publicUrl}/issues/`;
  const page = (identifier: string): string => `${prefix}${encodeURIComponent(identifier)}`;
  const url = (identifier: string): string => `${page(identifier)}?sig=${sign(identifier)}`;
  return {
    prefix,
    page,
    url,
    // Only these two shapes: a link a person attached with other parameters is not Keyrank's.
    isOlder: (identifier, candidate) =>
      candidate !== url(identifier) &&
      (candidate === page(identifier) || candidate.startsWith(`${page(identifier)}?sig=`)),
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
