/**
 * Jira's description (Atlassian Document Format in REST API v3) as plain text, for the KR
 * suggester: paragraphs, headings, list items, code, quotes, tables and panels become lines;
 * mentions, emoji, status lozenges, dates and links become their text. Media and unknown leaf
 * nodes are skipped; an unknown node that holds content is read through, so a new ADF node
 * type costs at most its own words.
 */

/** The suggester needs the gist, not a novel: longer descriptions are cut at this length. */
export const DESCRIPTION_MAX_CHARS = 10_000;
/** ADF from Jira is shallow; a document nested deeper than this is not read any further. */
const MAX_DEPTH = 64;

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: unknown;
  content?: unknown;
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'codeBlock',
  'blockquote',
  'rule',
  'table',
  'tableRow',
  'panel',
  'expand',
  'nestedExpand',
  'taskItem',
  'decisionItem',
  'layoutColumn',
]);

const isNode = (value: unknown): value is AdfNode => typeof value === 'object' && value !== null;

const attr = (node: AdfNode, name: string): unknown =>
  isNode(node.attrs) ? (node.attrs as Record<string, unknown>)[name] : undefined;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The words an inline node stands for, or null when it is not one of those. */
function inlineText(node: AdfNode): string | null {
  switch (node.type) {
    case 'text':
      return text(node.text);
    case 'hardBreak':
      return '\n';
    case 'mention':
      return text(attr(node, 'text'));
    case 'emoji':
      return text(attr(node, 'text')) || text(attr(node, 'shortName'));
    case 'status':
      return text(attr(node, 'text'));
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard':
      return text(attr(node, 'url'));
    case 'date': {
      const ms = Number(attr(node, 'timestamp'));
      return Number.isFinite(ms) && Math.abs(ms) < 8.64e15
        ? new Date(ms).toISOString().slice(0, 10)
        : '';
    }
    default:
      return null;
  }
}

/**
 * Plain text of a Jira description: ADF (API v3), or a string (API v2, wiki markup) as it is.
 * Anything else (null, a number, a broken document) is null.
 *
 * @example
 * adfToText({ type: 'doc', version: 1, content: [
 *   { type: 'paragraph', content: [{ type: 'text', text: 'Share templates' }] },
 * ] }); // 'Share templates'
 */
export function adfToText(description: unknown, maxChars = DESCRIPTION_MAX_CHARS): string | null {
  if (typeof description === 'string') {
    const trimmed = description.trim();
    return trimmed === '' ? null : trimmed.slice(0, maxChars);
  }
  if (!isNode(description)) {
    return null;
  }
  let out = '';
  /** Right after a list item's "- ": its first block continues that line. */
  let itemStart = false;
  const full = (): boolean => out.length >= maxChars;
  const newline = (): void => {
    if (out !== '' && !out.endsWith('\n')) {
      out += '\n';
    }
  };

  const walk = (node: unknown, depth: number, listPrefix: string): void => {
    if (!isNode(node) || depth > MAX_DEPTH || full()) {
      return;
    }
    const inline = inlineText(node);
    if (inline !== null) {
      out += inline;
      itemStart = false;
      return;
    }
    const children = Array.isArray(node.content) ? (node.content as unknown[]) : [];
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      const start = Number(attr(node, 'order'));
      children.forEach((child, i) => {
        const prefix =
          node.type === 'orderedList' ? `${(Number.isFinite(start) ? start : 1) + i}. ` : '- ';
        walk(child, depth + 1, prefix);
      });
      return;
    }
    if (node.type === 'listItem') {
      newline();
      out += listPrefix;
      itemStart = true;
      for (const child of children) {
        walk(child, depth + 1, '');
      }
      itemStart = false;
      newline();
      return;
    }
    const block = BLOCKS.has(text(node.type));
    if (block && !itemStart) {
      newline();
    }
    if (node.type === 'expand' || node.type === 'nestedExpand') {
      const title = text(attr(node, 'title'));
      if (title !== '') {
        out += `${title}\n`;
      }
    }
    for (const child of children) {
      walk(child, depth + 1, '');
    }
    if (block) {
      itemStart = false;
      newline();
    }
  };

  walk(description, 0, '');
  const lines = out
    .slice(0, maxChars)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  const result = lines.join('\n').trim();
  return result === '' ? null : result;
}
