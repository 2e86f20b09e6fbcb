/**
 * MARCXML flavours (reference 03 §7): MARC 21 slim with and without prefix, MarcXchange,
 * Alma UNIMARC/CNMARC namespaces, records inside SRU/OAI envelopes, entities, exact
 * whitespace, malformed input; plus a field-for-field check against yaz-marcdump.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MarcReadError } from '../../src/records/errors.ts';
import { MarcXmlReader, readMarcXml, readMarcXmlEvents, readMarcXmlRecord, readMarcXmlStream, type MarcXmlEvent } from '../../src/records/marcxml/reader.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { benchRecord } from '../../bench/marc-data.ts';
import { hasYaz, requirePeers, yazJson, yazSkipReason } from './yaz.ts';

const EXPECTED: MarcRecord = {
  leader: '00000nam a2200000 a 4500',
  fields: [
    { tag: '001', value: '00012345' },
    { tag: '005', value: '20240101120000.0' },
    { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: '9787115163622' }] },
    { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: '  Tom & Jerry <中> ' }, { code: 'b', value: 'line\n two' }] },
  ],
};

function body(p: string, attrs: (tag: string, i1: string, i2: string) => string): string {
  return `<${p}leader>00000nam a2200000 a 4500</${p}leader>` +
    `<${p}controlfield tag="001">00012345</${p}controlfield>` +
    `<${p}controlfield tag="005">20240101120000.0</${p}controlfield>` +
    `<${p}datafield ${attrs('020', ' ', ' ')}><${p}subfield code="a">9787115163622</${p}subfield></${p}datafield>\n  ` +
    `<${p}datafield ${attrs('245', '1', '0')}><${p}subfield code="a">  Tom &amp; Jerry &lt;&#x4E2D;&gt; </${p}subfield>` +
    `<${p}subfield code="b">line\n two</${p}subfield></${p}datafield>`;
}
const tagFirst = (t: string, a: string, b: string): string => `tag="${t}" ind1="${a}" ind2="${b}"`;
const indFirst = (t: string, a: string, b: string): string => `ind2='${b}' ind1='${a}' tag='${t}'`;

describe('MARCXML flavours', () => {
  it.each([
    ['MARC 21 slim, default namespace', `<collection xmlns="http://www.loc.gov/MARC21/slim"><record>${body('', tagFirst)}</record></collection>`],
    ['MARC 21 slim, marc: prefix', `<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record>${body('marc:', tagFirst)}</marc:record></marc:collection>`],
    ['single record root, other attribute order', `<record xmlns="http://www.loc.gov/MARC21/slim">${body('', indFirst)}</record>`],
    ['MarcXchange', `<mx:record xmlns:mx="info:lc/xmlns/marcxchange-v1" format="MARC21" type="Bibliographic">${body('mx:', tagFirst)}</mx:record>`],
    ['Alma UNIMARC XML', `<record xmlns="info:srw/schema/8/unimarcxml-v0.1">${body('', indFirst)}</record>`],
    ['Alma CNMARC XML', `<record xmlns="http://www.nlc.cn/">${body('', tagFirst)}</record>`],
    ['no namespace at all', `<?xml version="1.0" encoding="UTF-8"?>\n<record>${body('', tagFirst)}</record>`],
    ['fragment whose prefix was declared on a removed ancestor', `<marc:record>${body('marc:', tagFirst)}</marc:record>`],
  ])('%s', (_name, xml) => {
    expect(readMarcXml(xml)).toEqual([EXPECTED]);
  });

  it('finds records inside an SRU response, not the SRU record elements', () => {
    const xml = `<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:numberOfRecords>2</srw:numberOfRecords><srw:records>
      <srw:record><srw:recordSchema>marcxml</srw:recordSchema><srw:recordData><record xmlns="http://www.loc.gov/MARC21/slim">${body('', tagFirst)}</record></srw:recordData><srw:recordPosition>1</srw:recordPosition></srw:record>
      <srw:record><srw:recordData><m:record xmlns:m="http://www.loc.gov/MARC21/slim">${body('m:', indFirst)}</m:record></srw:recordData></srw:record>
    </srw:records></srw:searchRetrieveResponse>`;
    expect(readMarcXml(xml)).toEqual([EXPECTED, EXPECTED]);
  });

  it('finds records inside an unknown envelope also named record', () => {
    const xml = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header/><metadata>` +
      `<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim">${body('marc:', tagFirst)}</marc:record></metadata></record></ListRecords></OAI-PMH>`;
    expect(readMarcXml(xml)).toEqual([EXPECTED]);
    expect(readMarcXml(`<x:record xmlns:x="urn:vendor"><x:wrap><record>${body('', tagFirst)}</record></x:wrap></x:record>`)).toEqual([EXPECTED]);
  });

  it('keeps CDATA and numeric-looking values as strings', () => {
    const [record] = readMarcXml(`<record><controlfield tag="001"><![CDATA[000123]]></controlfield><datafield tag="100" ind1="" ind2="1"><subfield code="a">1.50</subfield></datafield></record>`);
    expect(record?.fields).toEqual([{ tag: '001', value: '000123' }, { tag: '100', ind1: ' ', ind2: '1', subfields: [{ code: 'a', value: '1.50' }] }]);
  });

  it('normalizes decomposed input to NFC', () => {
    const [record] = readMarcXml('<record><controlfield tag="001">Cafe\u0301</controlfield></record>');
    expect(record?.fields[0]).toEqual({ tag: '001', value: 'Café' });
  });
});

describe('MARCXML errors', () => {
  it('malformed XML → MarcReadError with line and column', () => {
    let caught: unknown;
    try {
      readMarcXml('<collection>\n<record><leader>x</leader>\n<datafield tag="245"></record></collection>', { library: 'bnu' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MarcReadError);
    expect(caught).toMatchObject({ code: 'malformed-xml', line: 3, library: 'bnu' });
    expect((caught as MarcReadError).column).toBeGreaterThan(0);
  });

  it('undefined entity is malformed', () => {
    expect(() => readMarcXml('<record><controlfield tag="001">a&nbsp;b</controlfield></record>')).toThrow(MarcReadError);
  });

  it('a datafield without tag is bad-marcxml', () => {
    expect(() => readMarcXml('<record><datafield ind1=" " ind2=" "><subfield code="a">x</subfield></datafield></record>')).toThrow(/without tag/);
  });

  it('no record at all', () => {
    expect(() => readMarcXmlRecord('<empty/>')).toThrow(MarcReadError);
  });
});

describe('MARCXML streaming and events', () => {
  const xml = `<collection xmlns="http://www.loc.gov/MARC21/slim"><record>${body('', tagFirst)}</record><record>${body('', indFirst)}</record></collection>`;

  it('gives the same records whatever the chunking', () => {
    for (const size of [1, 3, 17, 64]) {
      const reader = new MarcXmlReader();
      const out: MarcRecord[] = [];
      for (let i = 0; i < xml.length; i += size) out.push(...reader.write(xml.slice(i, i + size)));
      out.push(...reader.end());
      expect(out, `chunk size ${size}`).toEqual([EXPECTED, EXPECTED]);
    }
  });

  it('streams from bytes split inside a multi-byte character', async () => {
    const bytes = Buffer.from(xml, 'utf8');
    const cut = bytes.indexOf(Buffer.from('中')) + 1;
    const out: MarcRecord[] = [];
    for await (const record of readMarcXmlStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]))) out.push(record);
    expect(out).toEqual([EXPECTED, EXPECTED]);
  });

  it('reads element events from another parser', () => {
    const name = (local: string) => ({ local, uri: 'http://www.loc.gov/MARC21/slim' });
    const events: MarcXmlEvent[] = [
      { type: 'open', name: name('record'), attributes: {} },
      { type: 'open', name: name('controlfield'), attributes: { tag: '001' } },
      { type: 'text', text: '42' },
      { type: 'close', name: name('controlfield') },
      { type: 'close', name: name('record') },
    ];
    expect(readMarcXmlEvents(events)).toEqual([{ leader: ' '.repeat(24), fields: [{ tag: '001', value: '42' }] }]);
    expect(readMarcXmlRecord(events).fields).toHaveLength(1);
  });
});

describe('MARCXML against yaz-marcdump', () => {
  it.skipIf(!hasYaz && !requirePeers)(hasYaz || requirePeers ? 'matches yaz on 200 generated records (a third CJK)' : `matches yaz (skipped: ${yazSkipReason})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'marcxml-test-'));
    try {
      const mrc = join(dir, 'r.mrc');
      writeFileSync(mrc, Buffer.concat(Array.from({ length: 200 }, (_, n) => writeIso2709(benchRecord(n)))));
      const xml = spawnSync('yaz-marcdump', ['-i', 'marc', '-o', 'marcxml', mrc], { maxBuffer: 1 << 26 }).stdout;
      const xmlFile = join(dir, 'r.xml');
      writeFileSync(xmlFile, xml);
      const ours = readMarcXml(xml.toString('utf8'));
      const theirs = yazJson(xmlFile, ['-i', 'marcxml']);
      expect(ours).toHaveLength(200);
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
