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
/** NON_ASCII, or an apostrophe: text `plain` changes in more ways than its case. */
const NOT_PLAIN_ASCII = /[^ -&(-~\t\n\r]/;
const MARKS = /\p{M}+/gu;
const POSSESSIVE = /['’]s\b/g;
const APOSTROPHES = /['’]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const DIGITS = /^\p{N}+$/u;

/** Text as the suggester splits it: see `plain`. */
export interface PlainText {
  /** Lowercase, accents dropped, possessives and apostrophes closed up. */
  text: string;
  /**
   * Plain ASCII (decided before accents are dropped): split at [^a-z0-9]+, else at anything
   * that is not a Unicode letter or digit.
   */
  ascii: boolean;
}

export function plain(text: string): PlainText {
  let lower = text.toLowerCase();
  const ascii = !NON_ASCII.test(lower);
  if (!ascii) {
    lower = lower.normalize('NFKD').replace(MARKS, '');
  }
  if (lower.includes("'") || lower.includes('’')) {
    lower = lower.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  }
  return { text: lower, ascii };
}

/**
 * Printable ASCII without apostrophes: all `plain` would do is lowercase it, so a scan that
 * folds A-Z as it reads needs no lowercase copy.
 */
export function isPlainAscii(text: string): boolean {
  return !NOT_PLAIN_ASCII.test(text);
}

/** The words of non-ASCII plain text, in order, before words of one character are dropped. */
export function unicodeWords(text: string): string[] {
  return text.split(SEPARATORS);
}

/**
 * Calls `each` with every word of the text, in order, before stop words are dropped: lowercase,
 * accents dropped, possessives and apostrophes closed up, split at anything that is not a
 * letter or digit, words of one character left out. Plain ASCII text (most tickets) is split by
 * a scan of its character codes.
 */
function forEachWord(text: string, each: (word: string) => void): void {
  const { text: lower, ascii } = plain(text);
  if (!ascii) {
    for (const word of unicodeWords(lower)) {
      if (word.length >= 2) {
        each(word);
      }
    }
    return;
  }
  // The ASCII split at [^a-z0-9]+: lowercase text holds no A-Z.
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
      }
    } else if (start >= 0) {
      if (i - start >= 2) {
        each(lower.slice(start, i));
      }
      start = -1;
    }
  }
}

/** A word that says nothing: a stop word or a bare number. */
export function isNoise(word: string): boolean {
  return STOP_WORDS.has(word) || DIGITS.test(word);
}

/**
 * Splits text into comparable words: lowercase, accents dropped, possessives and apostrophes
 * closed up ("don't" → "dont", "gallery's" → "gallery"), split at anything that is not a
 * letter or digit (so Markdown, URLs and hyphens separate words), stop words, single
 * characters and bare numbers dropped, then stemmed. `stems` caches stems across calls.
 *
 * @example
 * tokenize('Templates: the gallery’s search').map((t) => t.stem); // ['templat', 'galleri', 'search']
 */
export function tokenize(text: string, stems: Map<string, string> = new Map()): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (word) => {
    if (isNoise(word)) {
      return;
    }
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      stems.set(word, stemmed);
    }
    tokens.push({ stem: stemmed, word });
  });
  return tokens;
}
