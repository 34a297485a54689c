/*
 * A small reader for XML property lists, the format of macOS managed
 * preferences (/Library/Managed Preferences/<bundle id>.plist). Only what a
 * policy needs: dict, array, string, integer, real, true, false, date, data.
 */

/** A value of a property list. */
export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

/** Raised with a message an administrator can act on (which tag, where). */
export class PlistError extends Error {
  override name = 'PlistError';
}

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  text: string;
  at: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const tag =
    /<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    if (match.index > last)
      tokens.push({ kind: 'text', name: '', text: decodeEntities(xml.slice(last, match.index)), at: last });
    last = tag.lastIndex;
    if (match[4] !== undefined) {
      tokens.push({ kind: 'text', name: '', text: match[4], at: match.index });
    } else if (match[2]) {
      const kind = match[1] ? 'close' : match[3] ? 'empty' : 'open';
      tokens.push({ kind, name: match[2], text: '', at: match.index });
    }
  }
  if (last < xml.length) tokens.push({ kind: 'text', name: '', text: decodeEntities(xml.slice(last)), at: last });
  // Text between tags that is only whitespace is layout, except inside <string>, handled below.
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private skipSpace(): void {
    while (this.tokens[this.index]?.kind === 'text' && this.tokens[this.index]?.text.trim() === '') this.index += 1;
  }

  private next(): Token {
    this.skipSpace();
    const token = this.tokens[this.index];
    if (!token) throw new PlistError('The property list ends too early.');
    this.index += 1;
    return token;
  }

  private textUntilClose(name: string): string {
    let text = '';
    for (;;) {
      const token = this.tokens[this.index];
      if (!token) throw new PlistError(`<${name}> is not closed.`);
      this.index += 1;
      if (token.kind === 'text') text += token.text;
      else if (token.kind === 'close' && token.name === name) return text;
      else throw new PlistError(`Unexpected <${token.name}> inside <${name}>.`);
    }
  }

  document(): PlistValue {
    const open = this.next();
    if (open.kind !== 'open' || open.name !== 'plist') throw new PlistError('This file is not an XML property list.');
    const value = this.value(this.next());
    const close = this.next();
    if (close.kind !== 'close' || close.name !== 'plist')
      throw new PlistError('Expected </plist> after the top value.');
    return value;
  }

  private value(token: Token): PlistValue {
    if (token.kind === 'empty') {
      if (token.name === 'true') return true;
      if (token.name === 'false') return false;
      if (token.name === 'string' || token.name === 'data') return '';
      if (token.name === 'dict') return {};
      if (token.name === 'array') return [];
      throw new PlistError(`<${token.name}/> is not a property-list value.`);
    }
    if (token.kind !== 'open')
      throw new PlistError(`Expected a value, found ${token.kind === 'text' ? 'text' : `</${token.name}>`}.`);
    switch (token.name) {
      case 'string':
      case 'date':
        return this.textUntilClose(token.name);
      case 'data':
        return this.textUntilClose('data').replace(/\s+/g, '');
      case 'integer': {
        const text = this.textUntilClose('integer').trim();
        if (!/^[+-]?\d+$/.test(text)) throw new PlistError(`<integer>${text}</integer> is not a whole number.`);
        return Number(text);
      }
      case 'real': {
        const text = this.textUntilClose('real').trim();
        const number = Number(text);
        if (text === '' || Number.isNaN(number)) throw new PlistError(`<real>${text}</real> is not a number.`);
        return number;
      }
      case 'true':
      case 'false':
        this.textUntilClose(token.name);
        return token.name === 'true';
      case 'array': {
        const items: PlistValue[] = [];
        for (;;) {
          const item = this.next();
          if (item.kind === 'close' && item.name === 'array') return items;
          items.push(this.value(item));
        }
      }
      case 'dict': {
        const dict: Record<string, PlistValue> = Object.create(null) as Record<string, PlistValue>;
        for (;;) {
          const keyToken = this.next();
          if (keyToken.kind === 'close' && keyToken.name === 'dict') return dict;
          if (keyToken.kind !== 'open' || keyToken.name !== 'key')
            throw new PlistError('Expected <key> inside <dict>.');
          const key = this.textUntilClose('key');
          dict[key] = this.value(this.next());
        }
      }
      default:
        throw new PlistError(`<${token.name}> is not a property-list value.`);
    }
  }
}

/** Parses an XML property list; throws PlistError on anything malformed. */
export function parseXmlPlist(xml: string): PlistValue {
  return new Parser(tokenize(xml)).document();
}

/** True when the bytes are a binary property list (must be converted to XML first). */
export function isBinaryPlist(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).toString('latin1') === 'bplist00';
}
