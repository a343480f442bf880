import {
  Composer,
  isAlias,
  isCollection,
  isNode,
  isPair,
  Lexer,
  Parser,
  YAMLParseError,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';
import { lineAt } from './line-at';

/**
 * Limits that keep a hostile YAML file from exhausting the process: the `yaml` package
 * recurses once per nesting level (it overflows the stack near 800 levels and runs out of
 * memory on millions), and its aliases let a small file stand for billions of values.
 */

/** Levels of indentation and brackets; an OKR file needs about 8. */
export const MAX_YAML_DEPTH = 64;
/** Values that aliases may add to the file by repeating anchored ones. */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface YamlLimitIssue {
  line: number;
  message: string;
}

/**
 * The first place `text` nests deeper than `MAX_YAML_DEPTH`, found by `yaml`'s own lexer and
 * parser (so quotes, comments and block scalars count as YAML counts them), which keep their
 * nesting in a list rather than on the call stack. Stops at the first excess: a file of ten
 * million `[` costs a few levels of work, not ten million.
 */
export function excessiveNesting(text: string): YamlLimitIssue | null {
  const parser = new Parser();
  for (const token of new Lexer().lex(text)) {
    const start = parser.offset;
    const step = parser.next(token);
    while (!step.next().done) {
      // Finished documents are not needed, only the depth.
    }
    if (parser.stack.length > MAX_YAML_DEPTH) {
      return tooDeepAt(text, start);
    }
  }
  return null;
}

function tooDeepAt(text: string, offset: number): YamlLimitIssue {
  return {
    line: lineAt(text, offset),
    message: `nested too deeply — Keyrank reads at most ${MAX_YAML_DEPTH} levels of indentation and brackets`,
  };
}

export interface ParseOptions {
  lineCounter: LineCounter;
  prettyErrors: false;
  uniqueKeys: boolean;
}

/**
 * yaml's `parseDocument(text, options)`, refusing what `excessiveNesting` refuses, in one pass
 * of yaml's lexer and parser rather than a pass for the depth and another for the document:
 * the depth is checked after each token, before the document holding it is composed (where
 * yaml recurses). Same document, same errors, same precedence of the nesting issue.
 */
export function parseDocumentWithinDepth(
  text: string,
  options: ParseOptions,
): { ok: true; doc: Document } | { ok: false; tooDeep: YamlLimitIssue } {
  const parser = new Parser(options.lineCounter.addNewLine);
  const found: { tooDeep: YamlLimitIssue | null } = { tooDeep: null };
  function* tokens() {
    // What Parser.parse does, with the depth checked between tokens.
    options.lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      const start = parser.offset;
      yield* parser.next(lexeme);
      if (parser.stack.length > MAX_YAML_DEPTH) {
        found.tooDeep = tooDeepAt(text, start);
        return;
      }
    }
    yield* parser.end();
  }
  // parseDocument's loop: the first document, and an error when a second one begins.
  let doc: Document | undefined;
  let stoppedEarly = false;
  for (const next of new Composer(options).compose(tokens(), true, text.length)) {
    if (doc === undefined) {
      doc = next;
    } else {
      doc.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      stoppedEarly = true;
      break;
    }
  }
  // Reading stopped at a second document; one nested too deeply after it is still the answer.
  const tooDeep = found.tooDeep ?? (stoppedEarly ? excessiveNesting(text) : null);
  if (tooDeep !== null) {
    return { ok: false, tooDeep };
  }
  // compose(…, forceDoc) always ends with a document, even for empty text.
  return { ok: true, doc: doc as Document };
}

/**
 * The first alias that refers to no anchor, sits inside its own anchor (a cycle), or brings
 * the values that aliases add past `MAX_ALIAS_EXPANSION` (a "billion laughs" file). Run after
 * `excessiveNesting`, so the recursion is shallow.
 */
export function excessiveAliasing(doc: Document, lines: LineCounter): YamlLimitIssue | null {
  /** The most recent node for each anchor name, in document order, as YAML resolves them. */
  const anchors = new Map<string, Node>();
  /** How many values each finished node stands for, its aliases expanded. */
  const sizes = new Map<Node, number>();
  let added = 0;
  let issue: YamlLimitIssue | null = null;
  const at = (node: Node, message: string): number => {
    issue = { line: node.range ? lines.linePos(node.range[0]).line : 1, message };
    return 0;
  };

  const sizeOf = (node: unknown): number => {
    if (issue !== null || !isNode(node)) {
      return 0;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        return at(node, `alias *${node.source} refers to no anchor &${node.source} before it`);
      }
      const size = sizes.get(target);
      if (size === undefined) {
        return at(node, `alias *${node.source} is inside its own anchor &${node.source}`);
      }
      added += size;
      if (added > MAX_ALIAS_EXPANSION) {
        return at(
          node,
          `aliases repeat more than ${MAX_ALIAS_EXPANSION} values by here — write the values out instead`,
        );
      }
      return size;
    }
    if (node.anchor !== undefined) {
      anchors.set(node.anchor, node);
    }
    let size = 1;
    if (isCollection(node)) {
      for (const item of node.items) {
        size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
      }
    }
    sizes.set(node, size);
    return size;
  };

  sizeOf(doc.contents);
  return issue;
}
