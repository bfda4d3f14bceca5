/** Text normalisation and keyword matching shared by classification and address matching. */

/** NFKC (full-width → half-width), lower case, whitespace collapsed. */
export function normalizeText(text: string | undefined | null): string {
  if (!text) return '';
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const ASCII = /^[\x20-\x7e]+$/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A compiled keyword or pattern: returns the matched text, or undefined. */
export interface Matcher {
  source: string;
  match(normalized: string): string | undefined;
}

/**
 * Compile a keyword: CJK (any non-ASCII) keywords match as substrings; ASCII keywords match whole
 * words, or word prefixes when they end in `*`.
 */
export function keywordMatcher(keyword: string): Matcher {
  const kw = normalizeText(keyword);
  if (ASCII.test(kw)) {
    const prefix = kw.endsWith('*');
    const body = escapeRegExp(prefix ? kw.slice(0, -1) : kw);
    const re = new RegExp(`(?<![a-z0-9])${body}${prefix ? '' : '(?![a-z0-9])'}`, 'u');
    return {
      source: keyword,
      match: (text) => {
        const m = re.exec(text);
        return m ? m[0] : undefined;
      },
    };
  }
  return { source: keyword, match: (text) => (text.includes(kw) ? kw : undefined) };
}

/** Compile a regular expression (flags `iu`); throws SyntaxError when invalid. */
export function patternMatcher(pattern: string): Matcher {
  const re = new RegExp(pattern, 'iu');
  return {
    source: pattern,
    match: (text) => {
      const m = re.exec(text);
      return m ? m[0] : undefined;
    },
  };
}
