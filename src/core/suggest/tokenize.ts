import { stem } from './stem';

/** A word of an issue or key result, as the suggester compares it. */
export interface Token {
  /** The Porter stem: what is compared. */
  stem: string;
  /** The word as written (lowercase, without accents): what a reason shows. */
  word: string;
}

/**
 * Function words that say nothing about which key result an issue serves. Kept short on
 * purpose: tracker words such as "new", "user" or "project" stay, and BM25's IDF weighs them.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
  being below between both but by can cannot could did do does doing down during each etc every few for
  from further had has have having he her here hers him his how i if in into is it its itself
  just let me more most my no nor not of off on once only or other our ours out over own per same
  she should so some such than that the their theirs them then there these they this those
  through to too under until up us very via was we were what when where which while who whom why
  will with would you your yours eg ie isnt arent wasnt werent dont doesnt didnt cant couldnt
  wont wouldnt shouldnt hasnt havent hadnt im ive youre theyre weve lets`.split(/\s+/),
);

/** Anything beyond printable ASCII and common whitespace takes the Unicode path. */
const NON_ASCII = /[^ -~\t\n\r]/;
const MARKS = /\p{M}+/gu;
const POSSESSIVE = /['’]s\b/g;
const APOSTROPHES = /['’]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
/** The same split for ASCII text, several times faster: most tickets are plain ASCII. */
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const DIGITS = /^\p{N}+$/u;

/**
 * Splits text into comparable words: lowercase, accents dropped, possessives and apostrophes
 * closed up ("don't" → "dont", "gallery's" → "gallery"), split at anything that is not a
 * letter or digit (so Markdown, URLs and hyphens separate words), stop words, single
 * characters and bare numbers dropped, then stemmed. `stems` caches stems across calls: one
 * suggester tokenises thousands of issues with it.
 *
 * @example
 * tokenize('Templates: the gallery’s search').map((t) => t.stem); // ['templat', 'galleri', 'search']
 */
export function tokenize(text: string, stems: Map<string, string> = new Map()): Token[] {
  let plain = text.toLowerCase();
  const ascii = !NON_ASCII.test(plain);
  if (!ascii) {
    plain = plain.normalize('NFKD').replace(MARKS, '');
  }
  plain = plain.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  const tokens: Token[] = [];
  for (const word of plain.split(ascii ? ASCII_SEPARATORS : SEPARATORS)) {
    if (word.length < 2 || STOP_WORDS.has(word) || DIGITS.test(word)) {
      continue;
    }
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      stems.set(word, stemmed);
    }
    tokens.push({ stem: stemmed, word });
  }
  return tokens;
}
