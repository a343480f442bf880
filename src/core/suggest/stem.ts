/**
 * Martin Porter's stemmer (1980, the published algorithm with its `logi`/`bli` revisions),
 * written out here so the core needs no dependency: `templates`, `templating` → `templat`;
 * `activation`, `activate`, `activated` → `activ`. Words of one or two letters are kept.
 *
 * @example
 * stem('onboarding'); // 'onboard'
 */

const C = '[^aeiou][^aeiouy]*';
const V = '[aeiouy][aeiou]*';
/** [C](VC){m}[V]: m > 0, m = 1, m > 1, and "the stem contains a vowel". */
const M_GT_0 = new RegExp(`^(${C})?${V}${C}`);
const M_EQ_1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
const M_GT_1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
const HAS_VOWEL = new RegExp(`^(${C})?[aeiouy]`);
/** *o: consonant-vowel-consonant, the last not w, x or y. */
const CVC = new RegExp(`^${C}[aeiouy][^aeiouwxy]$`);

const STEP2: Readonly<Record<string, string>> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const STEP2_RE =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;

const STEP3: Readonly<Record<string, string>> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};
const STEP3_RE = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;

const STEP4_RE =
  /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const STEP4_ION = /^(.+?)(s|t)(ion)$/;

export function stem(word: string): string {
  if (word.length < 3) {
    return word;
  }
  // A leading y is a consonant; mark it so the vowel classes above skip it.
  const leadingY = word.startsWith('y');
  let w = leadingY ? `Y${word.slice(1)}` : word;

  // Step 1a: plurals.
  if (/^(.+?)(ss|i)es$/.test(w)) {
    w = w.slice(0, -2);
  } else if (/^(.+?)([^s])s$/.test(w)) {
    w = w.slice(0, -1);
  }

  // Step 1b: -eed, -ed, -ing.
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)eed$/.exec(w))) {
    if (M_GT_0.test(m[1] as string)) {
      w = w.slice(0, -1);
    }
  } else if ((m = /^(.+?)(ed|ing)$/.exec(w)) && HAS_VOWEL.test(m[1] as string)) {
    w = m[1] as string;
    if (/(at|bl|iz)$/.test(w)) {
      w += 'e';
    } else if (/([^aeiouylsz])\1$/.test(w)) {
      w = w.slice(0, -1);
    } else if (CVC.test(w) && M_EQ_1.test(w)) {
      w += 'e';
    }
  }

  // Step 1c: y → i after a vowel-bearing stem.
  if ((m = /^(.+?)y$/.exec(w)) && HAS_VOWEL.test(m[1] as string)) {
    w = `${m[1]}i`;
  }

  // Steps 2 and 3: double and single suffixes, when the stem has m > 0.
  if ((m = STEP2_RE.exec(w)) && M_GT_0.test(m[1] as string)) {
    w = (m[1] as string) + STEP2[m[2] as string];
  }
  if ((m = STEP3_RE.exec(w)) && M_GT_0.test(m[1] as string)) {
    w = (m[1] as string) + STEP3[m[2] as string];
  }

  // Step 4: drop a suffix when the stem has m > 1.
  if ((m = STEP4_RE.exec(w))) {
    if (M_GT_1.test(m[1] as string)) {
      w = m[1] as string;
    }
  } else if ((m = STEP4_ION.exec(w))) {
    const base = (m[1] as string) + (m[2] as string);
    if (M_GT_1.test(base)) {
      w = base;
    }
  }

  // Step 5: a final -e, and -ll → -l.
  if ((m = /^(.+?)e$/.exec(w))) {
    const base = m[1] as string;
    if (M_GT_1.test(base) || (M_EQ_1.test(base) && !CVC.test(base))) {
      w = base;
    }
  }
  if (/ll$/.test(w) && M_GT_1.test(w)) {
    w = w.slice(0, -1);
  }

  return leadingY ? `y${w.slice(1)}` : w;
}
