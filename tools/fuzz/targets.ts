/**
 * The decoders of outside input as fuzz targets: shared by the bounded property tests
 * (test/fuzz) and `npm run fuzz` (tools/fuzz/run.ts). Each target names the errors that are
 * its typed refusals; anything else thrown is an unexpected error (a bug).
 * Inputs: fixture files mutated (splices, cuts, repeats) and hostile shapes (deep nesting).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { HtmlLimitError, parseHtml } from '../../adapters/ipac/html-tree.ts';
import { parseXml, XmlReadError } from '../../adapters/ipac/xml-tree.ts';
import { parseUnionPage, UnionResponseError } from '../../adapters/balis/response.ts';
import { EnvelopeError, parseEnvelope } from '../../adapters/jp-catalogue/envelope.ts';
import { parseSruResponse, SruParseError } from '../../adapters/sru/response.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { decodeQueryString } from '../../src/http/query-string.ts';
import { CqlError } from '../../src/query/cql/errors.ts';
import { parseCql } from '../../src/query/cql/parser.ts';
import { MarcReadError } from '../../src/records/errors.ts';
import { parseIso2709Record } from '../../src/records/iso2709/parse.ts';
import { marcInJson } from '../../src/records/marc-in-json.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import { SruDiagnosticError } from '../../src/sru/diagnostics.ts';
import { analyzeQuery } from '../../src/sru/query.ts';
import { BerError } from '../../src/z3950/ber-types.ts';
import { decodeBer } from '../../src/z3950/ber-reader.ts';
import { decodeExplainBytes } from '../../src/z3950/explain/decode-ber.ts';
import { encodeExplainRecord } from '../../src/z3950/explain/encode-ber.ts';
import { explainRecordArbitrary } from './explain-records.ts';
import { ExplainError } from '../../src/z3950/explain/model.ts';
import { parseExplainXml } from '../../adapters/z3950/explain-xml.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  const stack = [join(FIXTURES, dir)];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) stack.push(path);
      else if (name.endsWith(ext)) out.push(path);
    }
  }
  return out.sort();
}

const texts = (dir: string, ext: string) => filesUnder(dir, ext).map((f) => readFileSync(f, 'latin1'));

const MARCXML = `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">1</controlfield><datafield tag="245" ind1="1" ind2="0"><subfield code="a">中国历史</subfield></datafield></record>`;
const SRU = `<?xml version="1.0"?><zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:numberOfRecords>1</zs:numberOfRecords><zs:records><zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordPacking>xml</zs:recordPacking><zs:recordData>${MARCXML}</zs:recordData><zs:recordPosition>1</zs:recordPosition></zs:record></zs:records></zs:searchRetrieveResponse>`;
const CQL = ['title = "中国 历史"', 'dc.title all "cambridge history" and dc.date >= 1990', '(a or b) not c sortBy dc.date/sort.descending', '> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.creator =/relevant x*', 'isbn = 9787101003048 prox/unit=word b'];

/** A seed with a random splice: text cut, repeated or overwritten at random places. */
/** Parses a record and writes it both ways: the JSON written from its bytes must equal the one from its fields. */
function iso2709Record(text: string): void {
  const record = parseIso2709Record(Buffer.from(text, 'latin1'), { offset: 0, index: 0 });
  if (record.toMarcInJson().toString('utf8') !== marcInJson(record.toMarcRecord())) throw new Error('toMarcInJson() differs from marcInJson(toMarcRecord())');
}

function mutated(seeds: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(), fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('<', '>', '(', ')', '"', '&#x0;', '<![CDATA[', '\\', '%', '\u001e', '\u001d')), fc.nat(8))
    .map(([seed, a, b, insert, repeat]) => {
      const i = a % (seed.length + 1);
      const j = b % (seed.length + 1);
      const [from, to] = i <= j ? [i, j] : [j, i];
      return seed.slice(0, from) + insert.repeat(1 + repeat) + (repeat % 3 === 0 ? seed.slice(from, to) : '') + seed.slice(to);
    });
}

/** Nesting n deep: mostly around the decoders' depth limits, one in ten up to 50,000 (the original overflow cases). */
function nested(open: string, close: string, inner: string): fc.Arbitrary<string> {
  const depth = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 2_000 }), weight: 9 }, { arbitrary: fc.integer({ min: 2_000, max: 50_000 }), weight: 1 });
  return depth.map((n) => open.repeat(n) + inner + close.repeat(n));
}

export interface FuzzTarget {
  name: string;
  input: fc.Arbitrary<string>;
  run(input: string): unknown;
  /** The decoder's own refusals. */
  typed(error: unknown): boolean;
}

const isTarget = (e: unknown) => e instanceof TargetError;

export function fuzzTargets(): FuzzTarget[] {
  const html = texts('ipac', '.html');
  const getXml = texts('ipac', '.xml');
  const jp = texts('jp-catalogue', '.xml');
  // The union catalogue's pages as the adapter reads them: decoded from GBK first.
  const balis = filesUnder('balis', '.xml').map((f) => new TextDecoder('gbk').decode(readFileSync(f)));
  const mrc = filesUnder('records', '.mrc').map((f) => readFileSync(f, 'latin1'));
  // The captured sessions' APDUs, as the bytes that crossed the wire (apdus.json holds them in hex).
  const ber = filesUnder('z3950', 'apdus.json').flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { apdus: { hex: string }[] }).apdus.map((a) => Buffer.from(a.hex, 'hex').toString('latin1')));
  const explainBer = filesUnder('z3950/explain', '.ber').map((f) => readFileSync(f, 'latin1'));
  const explainXml = filesUnder('z3950/explain', '.xml').map((f) => readFileSync(f, 'utf8'));
  // Explain records nested in [9] wrappers: around the decoder's depth limit and the BER reader's.
  const nestedBer = fc.integer({ min: 1, max: 200 }).map((n) => '\u00a9\u0080'.repeat(n) + '\u0081\u0001x' + '\u0000\u0000'.repeat(n));
  return [
    { name: 'cql', input: fc.oneof(mutated(CQL), fc.string(), nested('(', ')', 'a'), fc.nat(20_000).map((n) => Array(n + 1).fill('a').join(' and '))), run: parseCql, typed: (e) => e instanceof CqlError },
    { name: 'sru-query', input: fc.oneof(mutated(CQL), nested('(', ')', 'a')), run: analyzeQuery, typed: (e) => e instanceof CqlError || e instanceof SruDiagnosticError },
    { name: 'query-string', input: fc.oneof(fc.string(), mutated(['title=%E4%B8%AD&year=0999-', 'a=%FF%FE&b=%E0%A4%A&c=x%00y'])), run: (t) => decodeQueryString(t), typed: () => false },
    { name: 'ipac-html', input: fc.oneof(mutated(html), nested('<table><tr><td>', '</td></tr></table>', 'x')), run: parseHtml, typed: (e) => e instanceof HtmlLimitError },
    { name: 'ipac-getxml', input: fc.oneof(mutated(getXml), nested('<a>', '</a>', 'x')), run: parseXml, typed: (e) => e instanceof XmlReadError },
    { name: 'marcxml', input: fc.oneof(mutated([MARCXML]), nested('<x>', '</x>', MARCXML)), run: (t) => readMarcXml(t), typed: (e) => e instanceof MarcReadError },
    { name: 'sru-envelope', input: fc.oneof(mutated([SRU]), nested('<zs:x>', '</zs:x>', '')), run: parseSruResponse, typed: (e) => e instanceof SruParseError || isTarget(e) || e instanceof MarcReadError },
    { name: 'balis-page', input: fc.oneof(mutated(balis), nested('<x>', '</x>', '')), run: parseUnionPage, typed: (e) => e instanceof UnionResponseError },
    { name: 'jp-envelope', input: fc.oneof(mutated(jp), nested('<a>', '</a>', '')), run: parseEnvelope, typed: (e) => e instanceof EnvelopeError },
    { name: 'iso2709', input: mutated(mrc.length > 0 ? mrc : ['00000nam']), run: iso2709Record, typed: (e) => e instanceof MarcReadError },
    { name: 'explain-ber', input: fc.oneof(mutated(explainBer), explainRecordArbitrary.chain((r) => mutated([encodeExplainRecord(r).toString('latin1')])), nestedBer.map((inner) => `\u00a0\u0080${inner}\u0000\u0000`)), run: (t) => decodeExplainBytes(Buffer.from(t, 'latin1')), typed: (e) => e instanceof ExplainError || e instanceof BerError },
    { name: 'explain-xml', input: fc.oneof(mutated(explainXml), nested('<a>', '</a>', '').map((x) => `<explain><targetInfo>${x}</targetInfo></explain>`)), run: parseExplainXml, typed: (e) => e instanceof ExplainError },
    { name: 'ber', input: fc.oneof(mutated(ber.length > 0 ? ber : ['\u0030\u0003\u0002\u0001\u0001']), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1'))), run: (t) => decodeBer(Buffer.from(t, 'latin1')), typed: (e) => e instanceof BerError },
  ];
}
