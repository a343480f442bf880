import { issueText, type IssueText } from './issue-text';
import { stem } from './stem';
import { isNoise, isPlainAscii, plain, unicodeWords } from './tokenize';

/** What `Vocabulary` gives a stop word or a bare number: it is skipped. */
const NOISE = -1;
/** What a frozen `Vocabulary` gives a word whose stem no key result uses: it is skipped. */
const UNKNOWN = -2;

/** FNV-1a over UTF-16 code units, 32 bits. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The stems one suggester knows, each with an integer id (0, 1, 2… in order of first use), and
 * every word it has read with its stem's id. A word is stemmed once, then remembered, so the
 * Porter stemmer runs once per distinct word however often tickets repeat it; and plain ASCII
 * text is looked up straight from its character codes (an open-addressing table hashed while
 * scanning), so reading a ticket allocates no string for a word already seen.
 */
export class Vocabulary {
  private readonly byStem = new Map<string, number>();
  private frozen = false;
  /** The table: slot → word (undefined: empty), its hash and its stem's id (or NOISE/UNKNOWN). */
  private words: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private hashes = new Int32Array(1024);
  private ids = new Int32Array(1024);
  private used = 0;

  /** The number of stems known: ids are 0 ..< size. */
  get size(): number {
    return this.byStem.size;
  }

  /**
   * Stops learning: from now on a word whose stem is not known yet is skipped, so the ids the
   * index was built over stay the only ones.
   */
  freeze(): void {
    this.frozen = true;
  }

  /**
   * Calls `each` with the stem id of every word of the text `tokenize` keeps, in order, repeats
   * included, and the word as written (a frozen vocabulary skips words of unknown stems).
   */
  scan(text: string, each: (id: number, word: string) => void): void {
    if (isPlainAscii(text)) {
      this.scanAscii(text, each);
      return;
    }
    const { text: lower, ascii } = plain(text);
    if (ascii) {
      this.scanAscii(lower, each);
      return;
    }
    for (const word of unicodeWords(lower)) {
      if (word.length >= 2) {
        let hash = FNV_OFFSET;
        for (let i = 0; i < word.length; i++) {
          hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
        }
        const slot = this.slotOf(word, 0, word.length, hash);
        const id = this.ids[slot] as number;
        if (id >= 0) {
          each(id, this.words[slot] as string);
        }
      }
    }
  }

  /**
   * `scan(issueText(issue), each)`. When every piece is plain ASCII they are read one by one,
   * which finds the same words in the same order (the text only puts separators between
   * them) without building the text: for 100,000 issues the copies count.
   */
  scanIssue(issue: IssueText, each: (id: number, word: string) => void): void {
    const { title, labels, description } = issue;
    if (
      !isPlainAscii(title) ||
      !labels.every(isPlainAscii) ||
      (typeof description === 'string' && !isPlainAscii(description))
    ) {
      this.scan(issueText(issue), each);
      return;
    }
    this.scanAscii(title, each);
    for (const label of labels) {
      this.scanAscii(label, each);
    }
    if (typeof description === 'string') {
      this.scanAscii(description, each);
    }
  }

  /** The stem ids of the text's words, in order, repeats kept. */
  idsOf(text: string, into: number[] = []): number[] {
    this.scan(text, (id) => {
      into.push(id);
    });
    return into;
  }

  /** `idsOf(issueText(issue), into)`, read as `scanIssue` reads it. */
  issueIdsOf(issue: IssueText, into: number[]): number[] {
    this.scanIssue(issue, (id) => {
      into.push(id);
    });
    return into;
  }

  /**
   * The ASCII split at [^a-z0-9]+ after lowercasing, hashing as it goes: A-Z are folded while
   * reading, so `plain` text (already lowercase) and plain ASCII read alike.
   */
  private scanAscii(plain: string, each: (id: number, word: string) => void): void {
    let words = this.words;
    let hashes = this.hashes;
    let mask = words.length - 1;
    let start = -1;
    let hash = FNV_OFFSET;
    /** The word so far is all digits: noise, skipped before the table sees it. */
    let digits = true;
    const length = plain.length;
    for (let i = 0; i <= length; i++) {
      let c = i < length ? plain.charCodeAt(i) : 0;
      if (c >= 65 && c <= 90) {
        c += 32;
      }
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) {
          start = i;
          hash = FNV_OFFSET;
          digits = true;
        }
        digits &&= c <= 57;
        hash = Math.imul(hash ^ c, FNV_PRIME);
      } else if (start >= 0) {
        const size = i - start;
        // Bare numbers are noise (`isNoise`); issue numbers would otherwise fill the table.
        if (size >= 2 && !digits) {
          // The table's slot for plain[start ..< i], inlined: most words are there already.
          let slot = hash & mask;
          let word = words[slot];
          while (word !== undefined) {
            if (
              hashes[slot] === hash &&
              word.length === size &&
              matchesFolded(word, plain, start)
            ) {
              break;
            }
            slot = (slot + 1) & mask;
            word = words[slot];
          }
          if (word === undefined) {
            const lower = plain.slice(start, i).toLowerCase();
            slot = this.add(lower, 0, size, hash, slot);
            words = this.words;
            hashes = this.hashes;
            mask = words.length - 1;
          }
          const id = this.ids[slot] as number;
          if (id >= 0) {
            each(id, words[slot] as string);
          }
        }
        start = -1;
      }
    }
  }

  /** The slot of text[start ..< end], filled in (stemmed, given an id) on first sight. */
  private slotOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.words.length - 1;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const word = this.words[slot];
      if (word === undefined) {
        return this.add(text, start, end, hash, slot);
      }
      if (this.hashes[slot] === hash && word.length === length && matches(word, text, start)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Fills the empty `slot` with text[start ..< end]; answers its slot (the table may grow). */
  private add(text: string, start: number, end: number, hash: number, slot: number): number {
    const word = start === 0 && end === text.length ? text : text.slice(start, end);
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.ids[slot] = this.idOf(word);
    this.used++;
    if (this.used * 2 > this.words.length) {
      this.grow();
      return this.find(word, hash);
    }
    return slot;
  }

  private idOf(word: string): number {
    if (isNoise(word)) {
      return NOISE;
    }
    const stemmed = stem(word);
    let id = this.byStem.get(stemmed);
    if (id === undefined) {
      if (this.frozen) {
        return UNKNOWN;
      }
      id = this.byStem.size;
      this.byStem.set(stemmed, id);
    }
    return id;
  }

  private grow(): void {
    const words = this.words;
    const hashes = this.hashes;
    const ids = this.ids;
    const size = words.length * 2;
    this.words = new Array<string | undefined>(size).fill(undefined);
    this.hashes = new Int32Array(size);
    this.ids = new Int32Array(size);
    const mask = size - 1;
    words.forEach((word, from) => {
      if (word !== undefined) {
        const hash = hashes[from] as number;
        let slot = hash & mask;
        while (this.words[slot] !== undefined) {
          slot = (slot + 1) & mask;
        }
        this.words[slot] = word;
        this.hashes[slot] = hash;
        this.ids[slot] = ids[from] as number;
      }
    });
  }

  private find(word: string, hash: number): number {
    const mask = this.words.length - 1;
    let slot = hash & mask;
    while (this.words[slot] !== word) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}

/** `matches` with A-Z in `text` read as a-z: `word` is lowercase already. */
function matchesFolded(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    if (word.charCodeAt(i) !== (c >= 65 && c <= 90 ? c + 32 : c)) {
      return false;
    }
  }
  return true;
}

function matches(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) !== text.charCodeAt(start + i)) {
      return false;
    }
  }
  return true;
}
