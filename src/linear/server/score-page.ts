import type { StoredScore } from '../store/score-store';

/** The page a score attachment links to: the issue's score and why, readable by anyone. */
export function scorePage(score: StoredScore): string {
  const value = score.score === null ? 'no score' : String(Math.round(score.score * 100) / 100);
  const problems =
    score.problems.length === 0
      ? ''
      : `<h2>To fix</h2><ul>${score.problems.map((p) => `<li>${escape(p)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(score.identifier)} · Keyrank</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem">
<h1>${escape(score.identifier)}: ${escape(score.title)}</h1>
<p><strong>Score:</strong> ${escape(value)}${score.icebox ? ' · <strong>Icebox</strong>' : ''}</p>
<p>${escape(score.explanation)}</p>
${problems}
<p><small>Computed by Keyrank at ${escape(score.updatedAt)}. Score = RICE × key-result alignment.</small></p>
</body></html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
