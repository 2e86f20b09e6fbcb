import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SRU_LIMITS, SruParseError, parseSruResponse, parseSruResponseWithSaxes } from '../../../adapters/sru/response.ts';
import { marcRecordToXml } from '../../../src/records/marcxml/write.ts';
import { searchRetrieveXml } from '../../../src/sru/write.ts';

const MARC = '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">fx21-0002</controlfield><datafield tag="245" ind1="1" ind2="4"><subfield code="a">The Cambridge history of China.</subfield></datafield></record>';

describe('parseSruResponse', () => {
  it('reads an SRU 1.2 response: count, records with position and schema, next position', () => {
    const xml = `<?xml version="1.0"?><zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:numberOfRecords>42</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>info:srw/schema/1/marcxml-v1.1</zs:recordSchema><zs:recordPacking>xml</zs:recordPacking><zs:recordData>${MARC}</zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record></zs:records><zs:nextRecordPosition>2</zs:nextRecordPosition></zs:searchRetrieveResponse>`;
    const r = parseSruResponse(xml);
    expect(r).toMatchObject({ version: '1.2', numberOfRecords: 42, nextRecordPosition: 2, diagnostics: [] });
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ schema: 'info:srw/schema/1/marcxml-v1.1', packing: 'xml', position: 1 });
    expect(r.records[0]?.xml).toContain('The Cambridge history of China.');
  });

  it('reads SRU 2.0 in the OASIS namespace and a record whose prefix is declared on the envelope', () => {
    const xml = `<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse" xmlns:marc="http://www.loc.gov/MARC21/slim"><sru:numberOfRecords>1</sru:numberOfRecords><sru:records><sru:record><sru:recordSchema>marcxml</sru:recordSchema><sru:recordXMLEscaping>xml</sru:recordXMLEscaping><sru:recordData><marc:record><marc:leader>x</marc:leader><marc:controlfield tag="001">万历</marc:controlfield></marc:record></sru:recordData><sru:recordPosition>1</sru:recordPosition></sru:record></sru:records></sru:searchRetrieveResponse>`;
    const r = parseSruResponse(xml);
    expect(r.numberOfRecords).toBe(1);
    // The cut-out record keeps its namespace declaration, so it is a standalone document.
    // Only the prefix the record uses is carried over.
    expect(r.records[0]?.xml).toMatch(/^<sru-record-data xmlns:marc="http:\/\/www.loc.gov\/MARC21\/slim"><marc:record>/);
    expect(r.records[0]?.xml).toContain('万历');
  });

  it('carries an envelope prefix over only for element names with exactly that prefix', () => {
    const envelope = (data: string) =>
      `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/" xmlns:m="urn:m" xmlns:marc="http://www.loc.gov/MARC21/slim"><zs:numberOfRecords>1</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordData>${data}</zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record></zs:records></zs:searchRetrieveResponse>`;
    // `m:` inside a longer prefix, in text and in an attribute value is no use of `m`.
    const own = '<mm:record xmlns:mm="http://www.loc.gov/MARC21/slim"><mm:leader>m: x</mm:leader><mm:controlfield tag="001">a/m:b</mm:controlfield></mm:record>';
    expect(parseSruResponse(envelope(own)).records[0]?.xml).toBe(own);
    // An element with the prefix deep inside the record is one.
    const closing = '<x xmlns="urn:x"><y xmlns:q="urn:q">1</y><marc:z/>2</x>';
    expect(parseSruResponse(envelope(closing)).records[0]?.xml).toBe(`<sru-record-data xmlns:marc="http://www.loc.gov/MARC21/slim">${closing}</sru-record-data>`);
  });

  it('leaves a record that declares its own namespace as it is', () => {
    const xml = `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/" xmlns:marc="http://www.loc.gov/MARC21/slim"><zs:numberOfRecords>1</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordData>${MARC}</zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record></zs:records></zs:searchRetrieveResponse>`;
    expect(parseSruResponse(xml).records[0]?.xml).toBe(MARC);
  });

  it('unescapes string-packed records', () => {
    const escaped = MARC.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const xml = `<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><numberOfRecords>1</numberOfRecords><records><record><recordSchema>marcxml</recordSchema><recordPacking>string</recordPacking><recordData>${escaped}</recordData><recordPosition>1</recordPosition></record></records></searchRetrieveResponse>`;
    expect(parseSruResponse(xml).records[0]?.xml).toBe(MARC);
  });

  it('keeps fatal diagnostics with their URI and details, and surrogate diagnostics per record', () => {
    const fatal = `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:numberOfRecords>0</zs:numberOfRecords><zs:diagnostics><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/16</uri><details>dc.colour</details><message>Unsupported index</message></diagnostic></zs:diagnostics></zs:searchRetrieveResponse>`;
    expect(parseSruResponse(fatal).diagnostics).toEqual([{ uri: 'info:srw/diagnostic/1/16', code: '16', details: 'dc.colour', message: 'Unsupported index' }]);

    const surrogate = `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:numberOfRecords>2</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>info:srw/schema/1/diagnostics-v1.1</zs:recordSchema><zs:recordPacking>xml</zs:recordPacking><zs:recordData><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/63</uri><message>System error in retrieving records</message></diagnostic></zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record><zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordData>${MARC}</zs:recordData><zs:recordPosition>2</zs:recordPosition></zs:record></zs:records></zs:searchRetrieveResponse>`;
    const r = parseSruResponse(surrogate);
    expect(r.diagnostics).toEqual([]);
    expect(r.records[0]?.diagnostic).toEqual({ uri: 'info:srw/diagnostic/1/63', code: '63', message: 'System error in retrieving records' });
    expect(r.records[0]?.xml).toBeUndefined();
    expect(r.records[1]?.xml).toContain('fx21-0002');
  });

  it('rejects what is not an SRU response', () => {
    expect(() => parseSruResponse('<html><body>login</body></html>')).toThrow(/not an SRU searchRetrieveResponse/);
    expect(() => parseSruResponse('<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:numberOfRecords>3')).toThrow(SruParseError);
    expect(() => parseSruResponse('')).toThrow(SruParseError);
    expect(() => parseSruResponse('<searchRetrieveResponse><numberOfRecords>many</numberOfRecords></searchRetrieveResponse>')).toThrow(/numberOfRecords is not a non-negative integer/);
  });
});

describe('parseSruResponse cuts XML-packed records out before saxes: the same answer as saxes over everything', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", '中', '史', '\u00e9', '1'), maxLength: 12 });
  const marc = fc.record({
    id: fc.stringMatching(/^[a-z0-9-]{1,10}$/),
    subfields: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), text), { minLength: 1, maxLength: 4 }),
  });
  const record = (m: { id: string; subfields: [string, string][] }) =>
    marcRecordToXml({ leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: m.id }, { tag: '245', ind1: '1', ind2: '0', subfields: m.subfields.map(([code, value]) => ({ code, value })) }] });

  it('for generated answers in every version and packing, with surrogate diagnostics mixed in', () => {
    fc.assert(
      fc.property(fc.constantFrom('1.1', '1.2', '2.0') as fc.Arbitrary<'1.1' | '1.2' | '2.0'>, fc.array(fc.tuple(marc, fc.constantFrom('xml', 'string') as fc.Arbitrary<'xml' | 'string'>, fc.boolean()), { maxLength: 5 }), (version, records) => {
        const xml = searchRetrieveXml({
          version,
          numberOfRecords: records.length,
          records: records.map(([m, escaping, surrogate], i) =>
            surrogate
              ? { schema: 'info:srw/schema/1/diagnostics-v1.1', xml: '<diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/64</uri><message>Record temporarily unavailable</message></diagnostic>', position: i + 1, escaping }
              : { schema: 'info:srw/schema/1/marcxml-v1.1', xml: record(m), position: i + 1, escaping },
          ),
          diagnostics: [],
        });
        expect(parseSruResponse(xml)).toEqual(parseSruResponseWithSaxes(xml));
      }),
      { numRuns: 300 },
    );
  });

  it('for the hand-made edge cases: a comment or CDATA in a record, an empty recordData, a broken envelope', () => {
    const wrap = (data: string, tail = '</zs:searchRetrieveResponse>') =>
      `<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:numberOfRecords>1</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordData>${data}</zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record></zs:records>${tail}`;
    const two = (first: string, second: string) => wrap(first).replace('</zs:records>', `<zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordData>${second}</zs:recordData><zs:recordPosition>2</zs:recordPosition></zs:record></zs:records>`);
    for (const xml of [
      wrap(MARC.replace('<leader>', '<!-- </zs:recordData> --><leader>')),
      wrap(MARC.replace('The Cambridge', '<![CDATA[</zs:recordData>]]>')),
      wrap(''),
      wrap('  '),
      wrap(`  ${MARC}  `),
      // "recordData" as a record's text; comments in the envelope before, between and after the records.
      wrap(MARC.replace('The Cambridge', 'recordData')),
      wrap(MARC).replace('<zs:records>', '<!-- before --><zs:records>'),
      wrap(MARC, '<!-- after --></zs:searchRetrieveResponse>'),
      two(MARC, MARC.replace('<leader>', '<!-- in the second --><leader>')),
      two(MARC, MARC).replace('</zs:record><zs:record>', '</zs:record><!-- between --><zs:record>'),
    ]) {
      expect(parseSruResponse(xml)).toEqual(parseSruResponseWithSaxes(xml));
    }
    const broken = wrap(MARC, '</zs:searchRetrieveRespons>');
    expect(() => parseSruResponse(broken)).toThrow(SruParseError);
    let fast: unknown;
    let strict: unknown;
    try {
      parseSruResponse(broken);
    } catch (error) {
      fast = error;
    }
    try {
      parseSruResponseWithSaxes(broken);
    } catch (error) {
      strict = error;
    }
    expect(fast).toEqual(strict);
  });
});

describe('SRU answer limits (10× each, refused with SruParseError naming the limit)', () => {
  const envelope = (body: string) => `<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><version>1.2</version><numberOfRecords>1</numberOfRecords>${body}</searchRetrieveResponse>`;
  const refusal = (xml: string): string => {
    try {
      parseSruResponse(xml);
    } catch (error) {
      expect(error).toBeInstanceOf(SruParseError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('MAX_RESPONSE_LENGTH', () => {
    expect(refusal(envelope(' '.repeat(SRU_LIMITS.MAX_RESPONSE_LENGTH * 10)))).toMatch(/MAX_RESPONSE_LENGTH/);
  });

  it('MAX_DEPTH (a record’s own depth is the MARCXML reader’s MAX_MARCXML_DEPTH)', () => {
    const n = SRU_LIMITS.MAX_DEPTH * 10;
    expect(refusal(envelope(`${'<x>'.repeat(n)}${'</x>'.repeat(n)}`))).toMatch(/MAX_DEPTH/);
  });

  it('MAX_RECORDS and MAX_DIAGNOSTICS', () => {
    const one = '<record><recordSchema>marcxml</recordSchema><recordData/></record>';
    expect(refusal(envelope(`<records>${one.repeat(SRU_LIMITS.MAX_RECORDS * 10)}</records>`))).toMatch(/MAX_RECORDS/);
    const diagnostic = '<diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/1</uri></diagnostic>';
    expect(refusal(envelope(`<diagnostics>${diagnostic.repeat(SRU_LIMITS.MAX_DIAGNOSTICS * 10)}</diagnostics>`))).toMatch(/MAX_DIAGNOSTICS/);
  });
});
