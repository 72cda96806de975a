import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, xmlDocument } from './xml';

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'service' });

describe('xmlDocument', () => {
  it('writes the declaration, wrapper and item elements, and empty elements for missing values', () => {
    expect(
      xmlDocument('services', [{ service_code: 'a', metadata: false, group: null }], { services: 'service' }),
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>a</service_code>' +
        '<metadata>false</metadata><group/></service></services>',
    );
    expect(xmlDocument('errors', [{ code: 400, description: 'x' }])).toContain('<errors><error><code>400</code>');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0008c\td\ne\uFFFEf\uD800g')).toBe('abc\td\nefg');
    expect(escapeXml('路灯 😀')).toBe('路灯 😀');
  });

  it('refuses element names that are not XML names', () => {
    expect(() => xmlDocument('ok', { 'bad name': 1 })).toThrow(/element name/);
    expect(() => xmlDocument('<x>', 1)).toThrow(/element name/);
  });

  it('round-trips any text through a real parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const doc = xmlDocument('services', [{ description: `[${text}]` }], { services: 'service' });
        const parsed = parser.parse(doc, true);
        const expected = `[${text}]`.replace(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters the serializer drops
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '',
        );
        expect(parsed.services.service[0].description).toBe(expected.replace(/\r\n?/g, '\n'));
      }),
    );
  });
});
