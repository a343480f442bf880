/**
 * Where to send a person after signing in: only a path on this server (`/teams/ENG?x=1`),
 * never another site. `//evil.example`, `/\evil.example`, absolute URLs and control characters
 * all give `/`, so a sign-in link cannot be turned into an open redirect.
 */
export function safeReturnPath(raw: string | null | undefined): string {
  if (
    raw === null ||
    raw === undefined ||
    raw.length > 2000 ||
    !raw.startsWith('/') ||
    raw.startsWith('//') ||
    raw.startsWith('/\\') ||
    /[\p{Cc}\\]/u.test(raw)
  ) {
    return '/';
  }
  const base = 'http://keyrank.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  // Never back into the sign-in flow itself, which would loop.
  if (url.origin !== base || url.pathname.startsWith('/auth/')) {
    return '/';
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
