import type { ServerResponse } from 'node:http';

/**
 * A short HTML page for a person in a browser (a refused or failed sign-in, signed out): one
 * heading, one sentence saying what happened and what to do, and a link onwards. Never a stack
 * trace, never a token.
 */
export function authPage(
  response: ServerResponse,
  status: number,
  page: { title: string; message: string; link?: { href: string; text: string } },
  headers: Record<string, string | string[]> = {},
): void {
  const link =
    page.link === undefined
      ? ''
      : `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>`;
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    // The callback's URL carries the code and state: keep them out of Referer headers.
    'Referrer-Policy': 'no-referrer',
  });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} · Keyrank</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<main><h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${link}</main>
</body></html>
`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
