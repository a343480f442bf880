/** A team's roadmap on `keyrank serve`: `/teams/ENG` (the route table's `GET /teams/:team`). */
export function teamPath(team: string): string {
  return `/teams/${encodeURIComponent(team)}`;
}

/** The team of a `/teams/<key>` path, else undefined. */
export function teamOfPath(pathname: string): string | undefined {
  const match = /^\/teams\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] === undefined) {
    return undefined;
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** Sign-in that comes back to where the person is now (the server keeps only local paths). */
export function signInHref(location: Pick<Location, 'pathname' | 'search'>): string {
  return `/auth/sign-in?return=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
}
