import { describe, expect, it } from 'vitest';
import { decodeBer, findContext } from '../../src/z3950/ber-reader.ts';
import { tlv } from '../../src/z3950/ber-writer.ts';
import { encodeExternal } from '../../src/z3950/external.ts';
import { OID } from '../../src/z3950/oids.ts';
import { decodeClose, encodeClose } from '../../src/z3950/apdu/close.ts';
import { encodeInitRequest, encodeInitResponse, decodeInitResponse, type InitRequest } from '../../src/z3950/apdu/init.ts';
import { decodeIncomingPdu } from '../../src/z3950/apdu/pdu.ts';
import { decodePresentResponse, encodePresentRequest, encodePresentResponse } from '../../src/z3950/apdu/present.ts';
import { decodeSearchResponse, encodeSearchRequest, encodeSearchResponse } from '../../src/z3950/apdu/search.ts';
import { encodeQuery } from '../../src/z3950/apdu/query.ts';
import { canonical } from './support/canonical.ts';
import { apdu } from './support/fixtures.ts';

const YAZ_INIT: InitRequest = {
  options: ['search', 'present', 'delSet', 'triggerResourceCtrl', 'scan', 'sort', 'extendedServices', 'namedResultSets'],
  preferredMessageSize: 67108864,
  exceptionalRecordSize: 67108864,
  implementationId: '81',
  implementationName: 'YAZ',
  implementationVersion: '5.34.0 dec0c8a0b762132468cc8264c1b220eae1c67bd7',
};

describe('requests are byte-identical to what yaz-client sent to yaz-ztest', () => {
  it('InitializeRequest', () => {
    expect(encodeInitRequest(YAZ_INIT).toString('hex')).toBe(apdu('usmarc-find-12', 'c2s', 0xb4).toString('hex'));
  });

  it('InitializeRequest with idAuthentication open ("-u user1/pass1")', () => {
    const bytes = encodeInitRequest({ ...YAZ_INIT, idAuthentication: { kind: 'open', text: 'user1/pass1' } });
    expect(bytes.toString('hex')).toBe(apdu('idpass-auth', 'c2s', 0xb4).toString('hex'));
  });

  it('idAuthentication idPass matches the verified trace A7 10 30 0E 81 05 user1 82 05 pass1', () => {
    const init = decodeBer(encodeInitRequest({ ...YAZ_INIT, idAuthentication: { kind: 'idPass', userId: 'user1', password: 'pass1' } }));
    expect(findContext(init, 7)!.raw.toString('hex')).toBe('a710300e8105' + Buffer.from('user1').toString('hex') + '8205' + Buffer.from('pass1').toString('hex'));
  });

  it('SearchRequest for "find 12" and PresentRequest for "show 1" (USMARC)', () => {
    const search = encodeSearchRequest({
      smallSetUpperBound: 0,
      largeSetLowerBound: 1,
      mediumSetPresentNumber: 0,
      replaceIndicator: true,
      resultSetName: '1',
      databaseNames: ['Default'],
      query: { attributeSet: OID.BIB1_ATTRIBUTES, rpn: { kind: 'term', attributes: [], term: Buffer.from('12'), text: '12' } },
    });
    expect(search.toString('hex')).toBe(apdu('usmarc-find-12', 'c2s', 0xb6).toString('hex'));
    const present = encodePresentRequest({ resultSetId: '1', start: 1, count: 1, preferredRecordSyntax: OID.USMARC });
    expect(present.toString('hex')).toBe(apdu('usmarc-find-12', 'c2s', 0xb8).toString('hex'));
  });

  it('Close (finished)', () => {
    expect(encodeClose({ closeReason: 'finished' }).toString('hex')).toBe(apdu('usmarc-find-12', 'c2s', 0xbf).toString('hex'));
  });

  it('boolean RPN query equals yaz-client’s (modulo its indefinite lengths and reversed attribute order)', () => {
    const yaz = decodeBer(apdu('boolean-query', 'c2s', 0xb6));
    const ours = encodeQuery({
      attributeSet: OID.BIB1_ATTRIBUTES,
      rpn: {
        kind: 'op',
        op: 'and',
        left: { kind: 'term', attributes: [{ type: 1, value: 4 }, { type: 4, value: 2 }], term: Buffer.from('computer'), text: 'computer' },
        right: {
          kind: 'op',
          op: 'or',
          left: { kind: 'term', attributes: [{ type: 1, value: 1003 }], term: Buffer.from('knuth'), text: 'knuth' },
          right: { kind: 'term', attributes: [{ type: 1, value: 31 }, { type: 2, value: 4 }, { type: 4, value: 109 }], term: Buffer.from('1990'), text: '1990' },
        },
      },
    });
    expect(canonical(decodeBer(ours)).toString('hex')).toBe(canonical(findContext(yaz, 21)!.children[0]!).toString('hex'));
  });
});

describe('responses captured from yaz-ztest decode', () => {
  it('InitializeResponse', () => {
    const r = decodeIncomingPdu(apdu('usmarc-find-12', 's2c', 0xb5));
    expect(r.type).toBe('initResponse');
    if (r.type !== 'initResponse') return;
    expect(r.pdu).toMatchObject({ result: true, versions: [1, 2, 3], implementationName: 'GFS/YAZ', preferredMessageSize: 67108864 });
    expect(r.pdu.options).toEqual(expect.arrayContaining(['search', 'present', 'scan', 'namedResultSets']));
  });

  it('SearchResponse with 12 hits, and a 44-bit resultCount', () => {
    const s = decodeSearchResponse(decodeBer(apdu('usmarc-find-12', 's2c', 0xb7)));
    expect(s).toEqual({ resultCount: 12, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true });
    expect(decodeSearchResponse(decodeBer(apdu('bigint-count', 's2c', 0xb7))).resultCount).toBe(9787115163622);
  });

  it('non-surrogate diagnostic 109 (unknown database) with v2 addinfo', () => {
    const s = decodeSearchResponse(decodeBer(apdu('diag-109', 's2c', 0xb7)));
    expect(s.searchStatus).toBe(false);
    expect(s.resultSetStatus).toBe(3);
    expect(s.records).toEqual({ kind: 'diagnostics', diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 109, addinfo: 'Nope' }] });
  });

  it('present beyond the hits: presentStatus failure with diagnostic 13', () => {
    const p = decodePresentResponse(decodeBer(apdu('present-13', 's2c', 0xb9)));
    expect(p.presentStatus).toBe(5);
    expect(p.records).toEqual({ kind: 'diagnostics', diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 13, addinfo: '5' }] });
  });

  it('USMARC, XML and surrogate-diagnostic records', () => {
    const marc = decodePresentResponse(decodeBer(apdu('usmarc-find-12', 's2c', 0xb9)));
    const rec = marc.records?.kind === 'records' ? marc.records.records[0] : undefined;
    expect(rec?.databaseName).toBe('Default');
    expect(rec?.record.kind === 'retrieval' && rec.record.external.directReference).toBe(OID.USMARC);
    const bytes = rec?.record.kind === 'retrieval' && rec.record.external.encoding.kind === 'octet-aligned' ? rec.record.external.encoding.bytes : Buffer.alloc(0);
    expect(bytes).toHaveLength(366);
    expect(bytes.subarray(0, 5).toString()).toBe('00366');
    const xml = decodePresentResponse(decodeBer(apdu('xml-present', 's2c', 0xb9)));
    const xrec = xml.records?.kind === 'records' ? xml.records.records[0] : undefined;
    expect(xrec?.record.kind === 'retrieval' && xrec.record.external.directReference).toBe(OID.XML_TEXT);
    const grs = decodePresentResponse(decodeBer(apdu('grs1-surrogate', 's2c', 0xb9)));
    const g = grs.records?.kind === 'records' ? grs.records.records[0] : undefined;
    expect(g?.record).toEqual({ kind: 'surrogate', diagnostic: { diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 14, addinfo: '' } });
  });

  it('Close from the target', () => {
    const close = decodeClose(decodeBer(apdu('usmarc-find-12', 's2c', 0xbf)));
    expect(close).toEqual({ closeReason: 'finished', diagnosticInformation: 'Association terminated by client' });
  });
});

describe('round trips (target-side encoders used by the test peers)', () => {
  it('InitializeResponse rejected with a diag-1 diagnostic in userInformationField', () => {
    const bytes = encodeInitResponse({
      versions: [1, 2, 3],
      options: ['search', 'present'],
      preferredMessageSize: 1 << 20,
      exceptionalRecordSize: 1 << 20,
      result: false,
      userInformationField: {
        directReference: OID.DIAG1_FORMAT,
        encoding: { kind: 'single-ASN1-type', element: decodeBer(Buffer.from(diag1Format(1011, 'bad password'))) },
      },
    });
    const r = decodeInitResponse(decodeBer(bytes));
    expect(r.result).toBe(false);
    expect(r.diagnostics).toEqual([{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 1011, addinfo: 'bad password' }]);
  });

  it('SearchResponse with a bigint resultCount above 2^53', () => {
    const count = 2n ** 60n + 1n;
    const back = decodeSearchResponse(decodeBer(encodeSearchResponse({ resultCount: count, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true })));
    expect(back.resultCount).toBe(count);
  });

  it('PresentResponse with a retrieval record, a surrogate diagnostic and multiple non-surrogate diagnostics', () => {
    const records = {
      kind: 'records' as const,
      records: [
        { databaseName: 'db1', record: { kind: 'retrieval' as const, external: { directReference: OID.UNIMARC, encoding: { kind: 'octet-aligned' as const, bytes: Buffer.from('x') } } } },
        { record: { kind: 'surrogate' as const, diagnostic: { diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 238, addinfo: 'opac' } } },
      ],
    };
    const p = decodePresentResponse(decodeBer(encodePresentResponse({ numberOfRecordsReturned: 2, nextResultSetPosition: 3, presentStatus: 0, records })));
    expect(p.records).toEqual(records);
    const multi = { kind: 'diagnostics' as const, diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 13 }, { diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 14, addinfo: 'x' }] };
    expect(decodePresentResponse(decodeBer(encodePresentResponse({ numberOfRecordsReturned: 0, nextResultSetPosition: 1, presentStatus: 5, records: multi }))).records).toEqual(multi);
  });

  it('Close with a numeric reason outside the named list', () => {
    expect(decodeClose(decodeBer(encodeClose({ closeReason: 42, diagnosticInformation: '再见' })))).toEqual({ closeReason: 42, diagnosticInformation: '再见' });
    expect(decodeClose(decodeBer(encodeClose({ closeReason: 'lackOfActivity' }))).closeReason).toBe('lackOfActivity');
  });

  it('an EXTERNAL encoded under [11] decodes whether the target tags it explicitly or implicitly', () => {
    const ext = { directReference: OID.USMARC, encoding: { kind: 'octet-aligned' as const, bytes: Buffer.from('m') } };
    const explicit = encodeInitResponse({ versions: [3], options: ['search', 'present'], preferredMessageSize: 1, exceptionalRecordSize: 1, result: true, userInformationField: ext });
    expect(decodeInitResponse(decodeBer(explicit)).userInformationField).toEqual(ext);
    const members = decodeBer(explicit).children.map((c) => (c.tag === 11 ? encodeExternal(ext, { cls: 'context', tag: 11 }) : c.raw));
    const implicit = tlv('context', true, 21, members);
    expect(decodeInitResponse(decodeBer(implicit)).userInformationField).toEqual(ext);
  });
});

/** diag-1 DiagnosticFormat: SEQUENCE OF SEQUENCE { diagnostic [1] { defaultDiagRec [1] IMPLICIT DefaultDiagFormat } } */
function diag1Format(condition: number, addinfo: string): Buffer {
  const oid = Buffer.from('06072a8648ce130401', 'hex');
  const cond = Buffer.from([0x02, 0x02, condition >> 8, condition & 0xff]);
  const add = Buffer.concat([Buffer.from([0x1b, addinfo.length]), Buffer.from(addinfo)]);
  const defaultDiag = Buffer.concat([Buffer.from([0xa1, oid.length + cond.length + add.length]), oid, cond, add]);
  const choice = Buffer.concat([Buffer.from([0xa1, defaultDiag.length]), defaultDiag]);
  const item = Buffer.concat([Buffer.from([0x30, choice.length]), choice]);
  return Buffer.concat([Buffer.from([0x30, item.length]), item]);
}
