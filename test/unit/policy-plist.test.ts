import { describe, expect, it } from 'vitest';
import { isBinaryPlist, parseXmlPlist, PlistError } from '../../src-main/policy/plist';

const wrap = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">${body}</plist>`;

describe('XML property lists (macOS managed preferences)', () => {
  it('reads every value type a configuration profile writes', () => {
    const parsed = parseXmlPlist(
      wrap(`
      <dict>
        <key>apiUrl</key>
        <string>https://ship.example.com/?a=1&amp;b=2</string>
        <key>note</key><string><![CDATA[<not a tag>]]></string>
        <key>spaces</key><string>  kept  </string>
        <key>empty</key><string/>
        <key>on</key><true/>
        <key>off</key><false/>
        <key>days</key><integer>-30</integer>
        <key>ratio</key><real>0.5</real>
        <key>when</key><date>2026-01-02T03:04:05Z</date>
        <key>list</key><array><string>a</string><integer>2</integer><dict/></array>
        <key>nested</key><dict><key>deep</key><true/></dict>
      </dict>`),
    );
    expect(parsed).toEqual({
      apiUrl: 'https://ship.example.com/?a=1&b=2',
      note: '<not a tag>',
      spaces: '  kept  ',
      empty: '',
      on: true,
      off: false,
      days: -30,
      ratio: 0.5,
      when: '2026-01-02T03:04:05Z',
      list: ['a', 2, {}],
      nested: { deep: true },
    });
  });

  it('refuses malformed lists with a message that names the problem', () => {
    expect(() => parseXmlPlist('{"apiUrl": "x"}')).toThrow(PlistError);
    expect(() => parseXmlPlist(wrap('<dict><key>a</key><string>x</dict>'))).toThrow(
      /Unexpected <dict> inside <string>/,
    );
    expect(() => parseXmlPlist(wrap('<dict><string>no key</string></dict>'))).toThrow(/Expected <key>/);
    expect(() => parseXmlPlist(wrap('<dict><key>a</key><integer>1.5</integer></dict>'))).toThrow(/not a whole number/);
    expect(() => parseXmlPlist(wrap('<dict><key>a</key><blob/></dict>'))).toThrow(/not a property-list value/);
    expect(() => parseXmlPlist(wrap('<dict><key>a</key>'))).toThrow(PlistError);
  });

  it('keys cannot reach the prototype', () => {
    const parsed = parseXmlPlist(wrap('<dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict>'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed as object)).toEqual(['__proto__']);
  });

  it('recognises a binary plist by its magic bytes', () => {
    expect(isBinaryPlist(Buffer.from('bplist00rest'))).toBe(true);
    expect(isBinaryPlist(Buffer.from('<?xml version'))).toBe(false);
  });
});
