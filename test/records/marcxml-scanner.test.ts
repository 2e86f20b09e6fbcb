/**
 * Differential tests of the MARCXML fast scanner against the saxes reader (the spec):
 * same records for every valid input, the same MarcReadError (code, message, position)
 * for every malformed one, whole documents and any chunking. Common-shape documents must
 * really take the fast path, not merely fall back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MarcReadError } from '../../src/records/errors.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { MarcXmlReader, SaxesMarcXmlReader, readMarcXml, readMarcXmlSaxes } from '../../src/records/marcxml/reader.ts';
import { MarcXmlScanner, ScanFallback } from '../../src/records/marcxml/scanner.ts';
import { marcCollectionToXml, marcRecordToXml } from '../../src/records/marcxml/write.ts';
import { benchRecord } from '../../bench/marc-data.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/catalogue');

type Outcome = { records: MarcRecord[] } | { error: Pick<MarcReadError, 'code' | 'message' | 'line' | 'column' | 'offset' | 'recordIndex'> };

function outcome(read: () => MarcRecord[]): Outcome {
  try {
    return { records: read() };
  } catch (error) {
    if (!(error instanceof MarcReadError)) throw error;
    const { code, message, line, column, offset, recordIndex } = error;
    return { error: { code, message, line, column, offset, recordIndex } };
  }
}

/** The scanner alone: records, or 'fallback' when it leaves the document to saxes. */
function scanned(xml: string): MarcRecord[] | 'fallback' {
  try {
    return new MarcXmlScanner().run(xml, true);
  } catch (error) {
    if (error instanceof ScanFallback) return 'fallback';
    throw error;
  }
}

function chunked(reader: { write(s: string): MarcRecord[]; end(): MarcRecord[] }, xml: string, size: number): MarcRecord[] {
  const out: MarcRecord[] = [];
  for (let i = 0; i < xml.length; i += size) out.push(...reader.write(xml.slice(i, i + size)));
  out.push(...reader.end());
  return out;
}

function chunkedBytes(reader: MarcXmlReader, bytes: Buffer, size: number): MarcRecord[] {
  const out: MarcRecord[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...reader.writeBytes(bytes.subarray(i, i + size)));
  out.push(...reader.end());
  return out;
}

/** The chunks as a streaming TextDecoder turns them into text, read as text (how bytes were read before writeBytes). */
function chunkedDecoded(reader: MarcXmlReader, bytes: Buffer, size: number): MarcRecord[] {
  const decoder = new TextDecoder();
  const out: MarcRecord[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...reader.write(decoder.decode(bytes.subarray(i, i + size), { stream: true })));
  out.push(...reader.write(decoder.decode()), ...reader.end());
  return out;
}

/**
 * Bytes through writeBytes (scanned as Latin-1, values decoded) read exactly like the text a
 * TextDecoder makes of the same chunks: records, and errors with their positions.
 */
function expectSameBytes(bytes: Buffer, sizes: readonly number[]): void {
  for (const size of sizes) {
    const reference = outcome(() => chunkedDecoded(new MarcXmlReader({ library: 'lib' }), bytes, size));
    expect(outcome(() => chunkedBytes(new MarcXmlReader({ library: 'lib' }), bytes, size)), `byte chunks of ${size}`).toEqual(reference);
  }
}

/** Same outcome through the public reader as through saxes, whole and chunked, as text and as UTF-8 bytes. */
function expectSame(xml: string, sizes: readonly number[] = [1, 7, 64, 4096]): Outcome {
  const reference = outcome(() => readMarcXmlSaxes(xml, { library: 'lib' }));
  expect(outcome(() => readMarcXml(xml, { library: 'lib' }))).toEqual(reference);
  for (const size of sizes) {
    expect(outcome(() => chunked(new MarcXmlReader({ library: 'lib' }), xml, size)), `chunks of ${size}`).toEqual(outcome(() => chunked(new SaxesMarcXmlReader({ library: 'lib' }), xml, size)));
  }
  expectSameBytes(Buffer.from(xml, 'utf8'), sizes);
  return reference;
}

/** A valid common-shape document: the fast path must read it, and read it like saxes. */
function expectFast(xml: string, sizes: readonly number[] = [13, 1000]): void {
  const fast = scanned(xml);
  expect(fast).not.toBe('fallback');
  expect(fast).toEqual(readMarcXmlSaxes(xml));
  expectSame(xml, sizes);
}

const BODY = (p: string, q: string): string =>
  `<${p}leader>00000nam a2200000 a 4500</${p}leader>` +
  `<${p}controlfield tag=${q}001${q}>00012345</${p}controlfield>` +
  `<${p}datafield ind2=${q}0${q} tag=${q}245${q} ind1=${q}1${q}><${p}subfield code=${q}a${q}>  Tom &amp; Jerry &lt;&#x4E2D;&gt; </${p}subfield>` +
  `<${p}subfield code=${q}b${q}>line\n two &#20013;&#128512;&quot;&apos;</${p}subfield></${p}datafield>`;

describe('fast path reads the common shapes like saxes', () => {
  it.each([
    ['default namespace', `<collection xmlns="http://www.loc.gov/MARC21/slim"><record>${BODY('', '"')}</record></collection>`],
    ['marc: prefix, single quotes', `<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record>${BODY('marc:', "'")}</marc:record></marc:collection>`],
    ['single record root with declaration', `<?xml version="1.0" encoding="UTF-8"?>\n<record xmlns="http://www.loc.gov/MARC21/slim">${BODY('', '"')}</record>\n`],
    ['MarcXchange', `<mx:record xmlns:mx="info:lc/xmlns/marcxchange-v1" format="MARC21" type="Bibliographic">${BODY('mx:', '"')}</mx:record>`],
    ['UNIMARC', `<collection xmlns="info:srw/schema/8/unimarcxml-v0.1"><record>${BODY('', "'")}</record></collection>`],
    ['CNMARC', `<record xmlns="http://www.nlc.cn/">${BODY('', '"')}</record>`],
    ['unbound prefix', `<marc:record>${BODY('marc:', '"')}</marc:record>`],
    ['a prefix with a dot and a hyphen', `<m.x-y:collection xmlns:m.x-y="http://www.loc.gov/MARC21/slim"><m.x-y:record>${BODY('m.x-y:', '"')}<m.x-y:controlfield tag="003">x</m.x-y:controlfield><m.x-y:datafield tag="500" ind1=" " ind2=" "><m.x-y:subfield code="a">y</m.x-y:subfield></m.x-y:datafield></m.x-y:record></m.x-y:collection>`],
    ['comments, PIs, CDATA, spaces in tags', `<?xml version='1.0'?><!-- c --><?pi data?><collection ><record >\n<!-- x --><leader>01234<![CDATA[<&>]]>x</leader ><controlfield tag = "001" >a<!-- y -->b<?p q?>c</controlfield><datafield tag="100" ind1="" ><subfield code="a"/><subfield>  </subfield></datafield><datafield tag="200"/></record ></collection><!-- end -->\n`],
    ['CRLF line ends and a tab in an attribute', `<collection>\r\n<record>\r\n<controlfield tag="001">a\r\nb\rc&#13;</controlfield>\r\n<datafield tag="1\t0\r\n0" ind1="&#9;"><subfield code="a">x\r\n</subfield></datafield></record>\r\n</collection>\r\n`],
    ['empty records and leaders', `<collection><record/><record></record><record><leader/></record><record><leader>  </leader></record></collection>`],
    ['decomposed input (NFC), astral and CJK', `<collection><record><controlfield tag="001">Cafe\u0301 \u{20000}</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">修改代码的艺术 e\u0301</subfield></datafield></record></collection>`],
    ['self-closing collection', `<collection/>`],
    [
      'values the quick paths leave to the general path',
      `<collection><record><leader>0000\u00e9nam</leader><controlfield tag="0&#x30;1">x</controlfield><controlfield tag="中">y</controlfield><controlfield tag="003"/><datafield tag="245" ind1="中" ind2="ab"><subfield code="中">v</subfield><subfield code="a">tab\there</subfield></datafield><datafield tag="1000" ind1="" ind2=""><subfield code="b">\u00e9\u0301 Ω \u1100\u1161 \u{2F800} \u{20000}</subfield></datafield><datafield tag="650" ind1=" " ind2="0"/></record></collection>`,
    ],
  ])('%s', (_name, xml) => {
    expectFast(xml);
  });

  it('fixture catalogue', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expectFast(readFileSync(join(FIXTURES, file), 'utf8'));
  });

  it('3000 generated records in many spellings', () => {
    const records = Array.from({ length: 3000 }, (_, n) => withOddValues(benchRecord(n), n));
    // Large documents: chunk sizes as files and HTTP bodies deliver them (tiny ones are covered above).
    expectFast(marcCollectionToXml(records), [8192]);
    // Prefixed, attribute order reversed, single quotes: rewrite the writer's output.
    const prefixed = marcCollectionToXml(records.slice(0, 500))
      .replace(/<(\/?)(collection|record|leader|controlfield|datafield|subfield)\b/g, '<$1m:$2')
      .replace('<m:collection xmlns=', '<m:collection xmlns:m=')
      .replace(/tag="([^"]*)" ind1="([^"]*)" ind2="([^"]*)"/g, "ind2='$3' ind1='$2' tag='$1'");
    expectFast(prefixed, [3000]);
    for (let n = 0; n < 50; n++) expectFast(marcRecordToXml(records[n] as MarcRecord));
  }, 120_000);
});

/**
 * Whitespace between elements as yaz-marcdump and most servers indent (the writer adds none):
 * `pad(tag, n)` gives what goes before the n-th start or end tag `tag`. Never inside a value.
 */
function indent(xml: string, pad: (tag: string, n: number) => string): string {
  let n = 0;
  return xml.replace(/>(?=<(\/?)([\w:]+))(?!<\/(?:[\w]+:)?(?:subfield|controlfield|leader)>)/g, (_gt, close: string, tag: string) => `>${pad(close + tag.replace(/^\w+:/, ''), n++)}`);
}

const YAZ_PAD: Record<string, string> = { subfield: '\n    ', '/datafield': '\n  ', datafield: '\n  ', controlfield: '\n  ', leader: '\n  ' };
const yazPad = (tag: string): string => YAZ_PAD[tag] ?? '\n';
const SPACES = ['', ' ', '\n', '\n\t', '\n    ', '\n  \n  ', '\t\t'];
const varyingPad = (_tag: string, n: number): string => SPACES[(n * 7 + (n >> 3)) % SPACES.length] as string;

describe('markup learnt between subfields and fields (indented documents)', () => {
  const records = Array.from({ length: 300 }, (_, n) => withOddValues(benchRecord(n), n));

  it('indented as yaz-marcdump writes, and with whitespace that changes from tag to tag', () => {
    expectFast(indent(marcCollectionToXml(records), yazPad), [1000, 8192]);
    expectFast(indent(marcCollectionToXml(records), varyingPad), [1000, 8192]);
    const prefixed = indent(marcCollectionToXml(records.slice(0, 60)), yazPad)
      .replace(/<(\/?)(collection|record|leader|controlfield|datafield|subfield)\b/g, '<$1m:$2')
      .replace('<m:collection xmlns=', '<m:collection xmlns:m=');
    expectFast(prefixed, [3000]);
    expectFast(indent(marcCollectionToXml(records.slice(0, 3)), yazPad), [1, 7, 64]);
  }, 120_000);

  it('one document a record (an SRU answer), in more markup shapes and prefixes than are kept, alternating', () => {
    // The learnt expressions and each prefix's tags are kept for later scanners, up to 64 each:
    // 80 shapes and 80 prefixes, each read twice, make the kept ones be dropped and made again.
    const shapes = Array.from({ length: 80 }, (_, n) => ' '.repeat(1 + (n % 40)) + '\n'.repeat(1 + Math.floor(n / 40)));
    for (const round of [0, 1]) {
      shapes.forEach((pad, n) => {
        const plain = indent(marcRecordToXml(records[n] as MarcRecord), (tag) => (tag === 'subfield' ? pad : yazPad(tag)));
        const prefix = `p${n}x${round}`;
        const prefixed = plain.replace(/<(\/?)(record|leader|controlfield|datafield|subfield)\b/g, `<$1${prefix}:$2`).replace(`<${prefix}:record`, `<${prefix}:record xmlns:${prefix}="http://www.loc.gov/MARC21/slim"`);
        expectFast(plain, [4096]);
        expectFast(prefixed, [4096]);
      });
    }
  });

  it('keeps no document alive: the markup and prefixes it keeps for later scanners are copies', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapUsed = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // 40 SRU answers, each its own subfield indentation and prefix (all kept: up to 64 each), each
    // with 200 KB of text the records do not need, as an envelope and other records are.
    const before = heapUsed();
    for (let n = 0; n < 40; n++) {
      const pad = '\n' + ' '.repeat(8 + n);
      const prefix = `answer${n}-prefix-long-enough:`;
      const plain = indent(marcRecordToXml(records[n] as MarcRecord), (tag) => (tag === 'subfield' ? pad : yazPad(tag)));
      const prefixed = plain.replace(/<(\/?)(record|leader|controlfield|datafield|subfield)\b/g, `<$1${prefix}$2`).replace(`<${prefix}record`, `<${prefix}record xmlns:${prefix.slice(0, -1)}="http://www.loc.gov/MARC21/slim"`);
      const answer = `${prefixed}<!--${String(n).repeat(200_000 / String(n).length)}-->`;
      expect(readMarcXml(answer)).toHaveLength(1);
    }
    // Views of the answers would hold 40 × 200 KB.
    expect(heapUsed() - before).toBeLessThan(2_000_000);
  });

  it.each([
    ['a comment between subfields', '<subfield code="b">y</subfield>', '<subfield code="b">y</subfield><!-- c -->\n    '],
    ['a PI between fields', '</datafield>\n  <datafield tag="650"', '</datafield>\n  <?pi x?><datafield tag="650"'],
    ['spaces in end tags', '</subfield>\n  </datafield>', '</subfield >\n  </datafield\n>'],
    ['references, CJK and an empty value after plain ones', '<subfield code="b">y</subfield>', '<subfield code="b">y &amp; z</subfield>\n    <subfield code="c">中文 &#x4E2D;</subfield>\n    <subfield code="d"></subfield>\n    <subfield code="e"/>'],
    ['indicators of two characters and a four-character tag', '<datafield tag="650" ind1=" " ind2="0">', '<datafield tag="6500" ind1="ab" ind2="">'],
    ['indentation longer than is learnt', '<subfield code="b">y</subfield>', `<subfield code="b">y</subfield>${' '.repeat(300)}<subfield code="c">z</subfield>${'\n'.repeat(300)}`],
    ['a subfield of another prefix', '<subfield code="b">y</subfield>', '<subfield code="b">y</subfield>\n    <o:subfield xmlns:o="urn:o" code="c">z</o:subfield>'],
  ])('after learnt markup: %s', (_name, from, to) => {
    const xml = indent(marcCollectionToXml(records.slice(0, 6).map((record) => ({ ...record, fields: [...record.fields, { tag: '650', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: 'x' }, { code: 'b', value: 'y' }] }] }))), yazPad);
    const at = xml.lastIndexOf(from);
    expect(at).toBeGreaterThan(xml.length / 2);
    expectFast(`${xml.slice(0, at)}${to}${xml.slice(at + from.length)}`, [13, 1000, 65536]);
  });

  it.each([
    ['a mismatched end tag', '</subfield>\n  </datafield>', '</subfield>\n  </datafeld>'],
    ['a missing end tag', '</subfield>\n  </datafield>\n</record>', '</subfield>\n</record>'],
    ['a control character in a plain value', '<subfield code="b">y</subfield>', '<subfield code="b">y\u0001</subfield>'],
    ['a control character in a CJK value', '<subfield code="b">y</subfield>', '<subfield code="b">中\u0002</subfield>'],
    ['a bare ampersand', '<subfield code="b">y</subfield>', '<subfield code="b">y & z</subfield>'],
    ['an unclosed subfield', '<subfield code="b">y</subfield>', '<subfield code="b">y'],
  ])('after learnt markup, errors keep their place: %s', (_name, from, to) => {
    const xml = indent(marcCollectionToXml(records.slice(0, 40).map((record) => ({ ...record, fields: [...record.fields, { tag: '650', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: 'x' }, { code: 'b', value: 'y' }] }] }))), yazPad);
    const at = xml.lastIndexOf(from);
    expect(at).toBeGreaterThan(xml.length / 2);
    const result = expectSame(`${xml.slice(0, at)}${to}${xml.slice(at + from.length)}`, [1000, 65536]);
    expect(result).toHaveProperty('error');
  });
});

/** Values the generator lacks: entities, references, astral, empty and blank values, edge spaces. */
function withOddValues(record: MarcRecord, n: number): MarcRecord {
  const odd = ['', '   ', ' lead and trail ', 'a & b < c > d " e \' f', '\u{1F600}\u{20BB7}', 'x\ny\tz', 'Cafe\u0301'];
  const fields = [...record.fields, { tag: '590', ind1: '', ind2: '9', subfields: [{ code: 'a', value: odd[n % odd.length] as string }, { code: '', value: odd[(n + 3) % odd.length] as string }] }];
  return { leader: record.leader, fields };
}

describe('anything unusual goes to saxes, with its exact outcome', () => {
  it.each([
    ['unclosed tag', '<collection>\n<record><leader>x</leader>\n<datafield tag="245"></record></collection>'],
    ['mismatched end tag', '<collection><record><controlfield tag="001">1</controlfield></recrd></collection>'],
    ['undefined entity', '<record><controlfield tag="001">a&nbsp;b</controlfield></record>'],
    ['bad character reference', '<record><controlfield tag="001">a&#0;b&#xD800;</controlfield></record>'],
    ['bare ampersand', '<record><controlfield tag="001">a & b</controlfield></record>'],
    ['unquoted attribute', '<record><controlfield tag=001>1</controlfield></record>'],
    ['< in attribute', '<record><controlfield tag="<1">1</controlfield></record>'],
    ['duplicate attribute', '<record><controlfield tag="001" tag="002">1</controlfield></record>'],
    ['no space between attributes', '<record><datafield tag="100"ind1="1"><subfield code="a">x</subfield></datafield></record>'],
    ['truncated document', `<collection><record>${BODY('', '"')}</record><record><leader>0000`],
    ['truncated after the root', `<collection><record>${BODY('', '"')}</record>`],
    ['text after the root', `<record>${BODY('', '"')}</record>junk`],
    ['two roots', `<record>${BODY('', '"')}</record><record>${BODY('', '"')}</record>`],
    [']]> in text', '<record><controlfield tag="001">a]]>b</controlfield></record>'],
    ['forbidden control character', '<record><controlfield tag="001">a\u0001b</controlfield></record>'],
    ['control characters wherever the scanner takes text whole', '<record><datafield tag="245" ind1=" " ind2=" "><subfield code="a">中\u0001</subfield><subfield code="b">x\u001f</subfield></datafield></record>'],
    ['control character after CJK in a leader', '<record><leader>中\u0002</leader></record>'],
    ['control character in an attribute', '<record><datafield tag="24\u00035"><subfield code="a">x</subfield></datafield></record>'],
    ['control character in a comment', '<record><!-- \u0004 --><controlfield tag="001">1</controlfield></record>'],
    ['control character in a PI', '<?pi \u0005?><record><controlfield tag="001">1</controlfield></record>'],
    ['control character in CDATA', '<record><controlfield tag="001"><![CDATA[\u0006]]></controlfield></record>'],
    ['control character next to a reference', '<record><controlfield tag="001">&amp;\u0007</controlfield></record>'],
    ['control character between fields', '<record>\u0008<controlfield tag="001">1</controlfield></record>'],
    ['XML declaration with a vertical tab', '<?xml\u000bversion="1.0"?><record><controlfield tag="001">1</controlfield></record>'],
    ['XML declaration with a no-break space', '<?xml version="1.0"\u00a0?><record><controlfield tag="001">1</controlfield></record>'],
    ['lone surrogate', '<record><controlfield tag="001">a\uD800b</controlfield></record>'],
    ['lone low surrogate', '<record><controlfield tag="001">a\uDC00b</controlfield></record>'],
    ['high surrogate at the end of the input', '<record><controlfield tag="001">a</controlfield></record>\uD83D'],
    ['U+FFFE and U+FFFF in text', '<record><controlfield tag="001">a\uFFFEb</controlfield><controlfield tag="003">\uFFFF</controlfield></record>'],
    ['U+FFFD, U+E000 and U+D7FF (XML characters)', '<record><controlfield tag="001">\uFFFD\uE000\uD7FF</controlfield></record>'],
    ['astral characters next to a control character', '<record><datafield tag="245" ind1=" " ind2=" "><subfield code="a">\u{20000}\u{1F600}</subfield><subfield code="b">\u{1F600}\u000b</subfield></datafield></record>'],
    ['-- in a comment', '<record><!-- a -- b --><controlfield tag="001">1</controlfield></record>'],
    ['controlfield without tag', '<collection><record><controlfield>1</controlfield></record></collection>'],
    ['datafield without tag', '<record><datafield ind1=" " ind2=" "><subfield code="a">x</subfield></datafield></record>'],
    ['subfield outside a datafield', '<record><subfield code="a">x</subfield></record>'],
    ['unknown element in a record', '<record><controlfield tag="001">1</controlfield><note>n</note></record>'],
    ['element inside a subfield', '<record><datafield tag="245"><subfield code="a">x<b>y</b></subfield></datafield></record>'],
    ['text between fields', '<record><controlfield tag="001">1</controlfield>stray</record>'],
    ['DOCTYPE', '<!DOCTYPE collection><collection><record><controlfield tag="001">1</controlfield></record></collection>'],
    ['XML 1.1', '<?xml version="1.1"?><record><controlfield tag="001">\u0085</controlfield></record>'],
    ['SRU envelope', `<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:records><srw:record><srw:recordData><record xmlns="http://www.loc.gov/MARC21/slim">${BODY('', '"')}</record></srw:recordData></srw:record></srw:records></srw:searchRetrieveResponse>`],
    ['container record root', `<srw:record xmlns:srw="http://www.loc.gov/zing/srw/"><srw:recordData><record>${BODY('', '"')}</record></srw:recordData></srw:record>`],
    ['OAI envelope', `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header/><metadata><marc:record xmlns:marc="http://www.loc.gov/MARC21/slim">${BODY('marc:', '"')}</marc:record></metadata></record></ListRecords></OAI-PMH>`],
    ['nested record (wrapper)', `<x:record xmlns:x="urn:vendor"><x:wrap><record>${BODY('', '"')}</record></x:wrap></x:record>`],
    ['no root', '<!-- nothing -->'],
    ['empty document', ''],
    ['BOM', `\uFEFF<record>${BODY('', '"')}</record>`],
  ])('%s', (_name, xml) => {
    expectSame(xml);
  });

  it('bytes that are not plain UTF-8 (invalid sequences, U+FFFE, a BOM, a cut sequence at the end) read as a TextDecoder decodes them, also after many records', () => {
    const good = Buffer.from(marcCollectionToXml(Array.from({ length: 40 }, (_, n) => withOddValues(benchRecord(n), n))), 'utf8');
    const at = good.lastIndexOf('</collection>');
    const record = (value: Buffer): Buffer => Buffer.concat([Buffer.from('<record><controlfield tag="001">中'), value, Buffer.from('</controlfield></record>\n')]);
    for (const odd of [Buffer.from([0xff, 0x41]), Buffer.from([0xe4, 0xb8]), Buffer.from([0xef, 0xbf, 0xbe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80])]) {
      const bytes = Buffer.concat([good.subarray(0, at), record(odd), good.subarray(at)]);
      expectSameBytes(bytes, [1000, 65536]);
      expectSameBytes(Buffer.concat([good.subarray(0, 300), odd]), [7, 300]);
    }
    // One byte at a time rescans the open record each time: a short document.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good.subarray(0, 2000), Buffer.from('</record></collection>')]);
    expectSameBytes(bom, [1, 2, 4096]);
    expectSameBytes(Buffer.from([0xef, 0xbb]), [1, 2]);
    expectSameBytes(Buffer.concat([good, Buffer.from([0xe4])]), [4096]);
  }, 120_000);

  it('a late error after many fast records keeps its line, column and record index', () => {
    const good = marcCollectionToXml(Array.from({ length: 300 }, (_, n) => withOddValues(benchRecord(n), n)));
    const at = good.lastIndexOf('</collection>');
    for (const bad of ['<record><controlfield tag="001">a&bogus;</controlfield></record>', '<record><controlfield>no tag</controlfield></record>', '<record>\u{1F600}<leader>x</leader>\u{1F600}</nope>']) {
      const xml = `${good.slice(0, at)}${bad}\n${good.slice(at)}`;
      const result = expectSame(xml, [1000, 65536]);
      expect(result).toHaveProperty('error');
      expect(result).toMatchObject({ error: { recordIndex: 300 } });
    }
  });
});
