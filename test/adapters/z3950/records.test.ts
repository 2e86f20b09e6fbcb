import { describe, expect, it } from 'vitest';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import type { NamePlusRecord } from '../../../src/z3950/apdu/records.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { extractRecord } from '../../../adapters/z3950/records.ts';

const codec = textCodec('utf-8');
const octets = (directReference: string | undefined, bytes: Buffer, databaseName?: string): NamePlusRecord => ({
  ...(databaseName === undefined ? {} : { databaseName }),
  record: { kind: 'retrieval', external: { ...(directReference === undefined ? {} : { directReference }), encoding: { kind: 'octet-aligned', bytes } } },
});

describe('extractRecord', () => {
  it('keeps position, database, OID and the bytes themselves of a MARC record', () => {
    const bytes = Buffer.from('00024nam a2200025 a 4500\x1e\x1d');
    const outcome = extractRecord(octets(OID.UNIMARC, bytes, 'cnmarc'), 7, codec);
    expect(outcome).toStrictEqual({ ok: true, record: { position: 7, database: 'cnmarc', oid: OID.UNIMARC, syntax: 'unimarc', bytes } });
    if (outcome.ok && outcome.record.syntax === 'unimarc') expect(outcome.record.bytes).toBe(bytes);
  });

  it('leaves out the database the target did not name', () => {
    const outcome = extractRecord(octets(OID.USMARC, Buffer.from('x')), 1, codec);
    expect(outcome.ok && Object.keys(outcome.record)).toEqual(['position', 'syntax', 'bytes', 'oid']);
  });

  it('decodes XML and SUTRS records, and names a syntax it does not read', () => {
    const xml = extractRecord(octets(OID.XML_TEXT, Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>\xe9</r>', 'latin1')), 2, codec);
    expect(xml.ok && xml.record.syntax === 'xml' && xml.record.xml).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>');
    const sutrs = extractRecord(octets(OID.SUTRS, Buffer.from('标题')), 3, codec);
    expect(sutrs).toStrictEqual({ ok: true, record: { position: 3, oid: OID.SUTRS, syntax: 'sutrs', text: '标题' } });
    const other = extractRecord(octets('1.2.840.10003.5.999', Buffer.from('x')), 4, codec);
    expect(other).toMatchObject({ ok: false, diagnostic: { code: 'unsupported-syntax', addinfo: '1.2.840.10003.5.999' } });
  });
});
