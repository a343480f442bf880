import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { authPage } from './auth/auth-page';
import { reply } from './webhook-route';

/**
 * The roadmap page's build (static/roadmap/build, `npm run build:static`) served by
 * `keyrank serve`: its hashed assets under `/assets/`, and its index.html for each team with
 * the tags that tell the page it runs here (docs/roadmap.md § "Two transports").
 */

/** Vite emits these; anything else in the folder is not the page's and is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * One file name, nothing more: no slash (encoded or not), no leading dot (`..`, dotfiles).
 * Checked after decoding, so `..%2f..%2fpackage.json` is refused too.
 */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Hashed names (`index-C2_vEBpt.js`) change with every build: cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Where the page may load from: its own scripts and styles only, no inline script (the
 * bootstrap is two meta tags), no framing by other sites, and fetch only to this server.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** `GET /assets/:file`: a file of the build's assets folder, or 404. */
export async function serveAsset(
  response: ServerResponse,
  pageDir: string,
  rawName: string,
): Promise<void> {
  const name = decodeSegment(rawName);
  const type = name === null ? undefined : CONTENT_TYPES[extname(name)];
  if (name === null || type === undefined || !ASSET_NAME.test(name)) {
    return reply(response, 404, 'Not found');
  }
  const path = join(pageDir, 'assets', name);
  let body: Buffer;
  try {
    if (!(await stat(path)).isFile()) {
      return reply(response, 404, 'Not found');
    }
    body = await readFile(path);
  } catch {
    return reply(response, 404, 'Not found');
  }
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': IMMUTABLE,
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

/**
 * `GET /teams/:team` for a signed-in person: the build's index.html with the transport tags
 * and absolute asset URLs (the page lives at /teams/ENG, its assets at /assets/). Read on
 * each request, so a rebuild shows without a restart; a missing build says how to make it.
 */
export async function serveRoadmapPage(
  response: ServerResponse,
  pageDir: string,
  teamKey: string,
): Promise<void> {
  let html: string;
  try {
    html = await readFile(join(pageDir, 'index.html'), 'utf8');
  } catch {
    return authPage(response, 503, {
      title: 'The roadmap page is not built',
      message:
        'This Keyrank has no built roadmap page: run "npm run build" (or "npm run build:static") where Keyrank is installed, then reload.',
    });
  }
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    // Personal (who is signed in shows on it) and cheap: never cached.
    'Cache-Control': 'private, no-store',
  });
  response.end(roadmapHtml(html, teamKey));
}

/** The page's HTML on the server: the two tags first in <head>, asset URLs from the root. */
export function roadmapHtml(indexHtml: string, teamKey: string): string {
  const tags =
    '\n    <meta name="keyrank-transport" content="fetch" />' +
    `\n    <meta name="keyrank-team" content="${escapeAttribute(teamKey)}" />`;
  return indexHtml
    .replace(/<head>/i, (head) => `${head}${tags}`)
    .replace(/(src|href)="\.\/assets\//g, '$1="/assets/');
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A path segment decoded, or null when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
