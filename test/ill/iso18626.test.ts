/**
 * The ISO 18626 export against the schema structure, encoded here from
 * ../shared/reference/06-ill-standards.md §3 (request, 2021-2 XSD sequences; ? = 0..1,
 * * = 0..n) and its "Version-1.2 differences" paragraph, plus the XSD change log quoted there
 * (multipleItemRequestId was mandatory before 2021-1). Order is checked, required elements
 * must be present, unknown children fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftToIso18626, ISO18626_NS } from '../../src/ill/iso18626.ts';
import { openIll, type Ill } from '../../src/ill/setup.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { silentLogger } from '../../src/logging.ts';
import { READER, fakeGateway, oneCluster, resultSet, seedRecords, tempDir } from './fixtures.ts';
import { all, find, parseTree, type El } from './xml-tree.ts';

type Particle = [name: string, min: number, max: number];
const N = Number.POSITIVE_INFINITY;
const AGENCY: Particle[] = [['agencyIdType', 1, 1], ['agencyIdValue', 1, 1]];

/** 06 §3, 2021-2 layout. */
const SEQ_2021: Record<string, Particle[]> = {
  ISO18626Message: [['request', 1, 1]],
  request: [['header', 1, 1], ['bibliographicInfo', 1, 1], ['publicationInfo', 0, 1], ['serviceInfo', 1, 1], ['supplierInfo', 0, N], ['requestedDeliveryInfo', 0, N], ['requestingAgencyInfo', 0, 1], ['patronInfo', 0, 1], ['billingInfo', 0, 1]],
  header: [['supplyingAgencyId', 0, 1], ['requestingAgencyId', 1, 1], ['consortialId', 0, 1], ['multipleItemRequestId', 0, 1], ['timestamp', 1, 1], ['requestingAgencyRequestId', 1, 1], ['requestingAgencyAuthentication', 0, 1]],
  supplyingAgencyId: AGENCY,
  requestingAgencyId: AGENCY,
  supplierCode: AGENCY,
  bibliographicInfo: [
    ['supplierUniqueRecordId', 0, 1], ['title', 0, 1], ['author', 0, 1], ['authorId', 0, 1], ['subtitle', 0, 1], ['seriesTitle', 0, 1], ['edition', 0, 1],
    ['titleOfComponent', 0, 1], ['authorOfComponent', 0, 1], ['volume', 0, N], ['issue', 0, 1], ['pagesRequested', 0, 1], ['estimatedNoPages', 0, 1],
    ['bibliographicItemId', 0, N], ['sponsor', 0, 1], ['informationSource', 0, 1], ['bibliographicRecordId', 0, N],
  ],
  bibliographicItemId: [['bibliographicItemIdentifierCode', 1, 1], ['bibliographicItemIdentifier', 1, 1]],
  publicationInfo: [['publisher', 0, 1], ['publisherId', 0, 1], ['publicationType', 0, 1], ['publicationDate', 0, 1], ['placeOfPublication', 0, 1]],
  serviceInfo: [
    ['requestType', 0, 1], ['requestSubType', 0, N], ['requestingAgencyPreviousRequestId', 0, 1], ['serviceType', 1, 1], ['serviceLevel', 0, 1], ['itemFormat', 0, 1],
    ['needBeforeDate', 0, 1], ['copyrightCompliance', 0, 1], ['anyEdition', 0, 1], ['preferredEdition', 0, 1], ['loanCondition', 0, N], ['startDate', 0, 1], ['endDate', 0, 1], ['note', 0, 1],
  ],
  supplierInfo: [['sortOrder', 0, 1], ['supplierCode', 0, 1], ['supplierDescription', 0, 1], ['bibliographicRecordId', 0, 1], ['callNumber', 0, 1], ['summaryHoldings', 0, 1], ['availabilityNote', 0, 1]],
  requestedDeliveryInfo: [['sortOrder', 0, 1], ['address', 0, 1], ['deliveryMethod', 0, 1], ['courierName', 0, 1]],
  patronInfo: [['patronId', 0, 1], ['surname', 0, 1], ['givenName', 0, 1], ['patronType', 0, 1], ['sendToPatron', 0, 1], ['address', 0, N]],
  electronicAddress: [['electronicAddressType', 1, 1], ['electronicAddressData', 1, 1]],
  physicalAddress: [['line1', 0, 1], ['line2', 0, 1], ['locality', 0, 1], ['postalCode', 0, 1], ['region', 0, 1], ['country', 0, 1]],
};

/** 06 §3 "Version-1.2 differences": generic header, Identifier-then-Code, no deliveryMethod/courierName; no authorId/preferredEdition. */
const SEQ_12: Record<string, Particle[]> = {
  ...SEQ_2021,
  header: [['supplyingAgencyId', 1, 1], ['requestingAgencyId', 1, 1], ['multipleItemRequestId', 1, 1], ['timestamp', 1, 1], ['requestingAgencyRequestId', 1, 1], ['supplyingAgencyRequestId', 0, 1], ['requestingAgencyAuthentication', 0, 1]],
  bibliographicItemId: [['bibliographicItemIdentifier', 1, 1], ['bibliographicItemIdentifierCode', 1, 1]],
  bibliographicInfo: SEQ_2021.bibliographicInfo!.filter(([name]) => name !== 'authorId'),
  serviceInfo: SEQ_2021.serviceInfo!.filter(([name]) => name !== 'preferredEdition' && name !== 'itemFormat'),
  requestedDeliveryInfo: [['sortOrder', 0, 1], ['address', 0, 1]],
};

/** Problems of one element's children against its sequence; `address` is a choice of one. */
function checkSequence(el: El, table: Record<string, Particle[]>): string[] {
  if (el.name === 'address') {
    const names = el.children.map((c) => c.name);
    return names.length === 1 && ['electronicAddress', 'physicalAddress'].includes(names[0]!) ? [] : [`address: one of electronicAddress|physicalAddress, got ${names.join(',')}`];
  }
  const seq = table[el.name];
  if (!seq) return [];
  const problems: string[] = [];
  const counts = new Map<string, number>();
  let at = 0;
  for (const child of el.children) {
    while (at < seq.length && seq[at]![0] !== child.name) at += 1;
    if (at === seq.length) {
      problems.push(`${el.name}: <${child.name}> unknown or out of order`);
      at = 0;
      continue;
    }
    counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  }
  for (const [name, min, max] of seq) {
    const n = counts.get(name) ?? 0;
    if (n < min) problems.push(`${el.name}: required <${name}> missing`);
    if (n > max) problems.push(`${el.name}: <${name}> at most ${max}`);
  }
  return problems;
}

function validate(xml: string, table: Record<string, Particle[]>): string[] {
  const root = parseTree(xml);
  const problems = root.name === 'ISO18626Message' ? [] : ['root is not ISO18626Message'];
  for (const el of all(root)) {
    if (el.uri !== ISO18626_NS) problems.push(`<${el.name}> not in the ISO 18626 namespace`);
    problems.push(...checkSequence(el, table));
  }
  return problems;
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/u;
const q = (local: string) => `{${ISO18626_NS}}${local}`;

describe('ISO 18626 request export', () => {
  const tmp = tempDir();
  let ill: Ill;
  let draft: IllDraft;
  const timestamp = new Date('2025-01-15T02:30:00.000Z');

  beforeAll(async () => {
    const records = seedRecords();
    records[0]!.isbns = [{ original: '0-521-24332-7', isbn13: '9780521243322', valid: true }];
    records[0]!.subtitle = 'Ming <&> "Qing"';
    ill = openIll({ gateway: fakeGateway([resultSet('rs1', records)]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir: tmp.dir } });
    draft = await ill.service.create({ resultSetId: 'rs1', clusterId: 'c1', lender: 'shl', reader: READER, note: '急需', needBeforeDate: '2099-03-01' });
  });
  afterAll(() => {
    ill.close();
    tmp.remove();
  });

  it('follows the version 1.2 sequences with a qualified ill:version="1.2"', () => {
    const xml = draftToIso18626(draft, { settings: ill.settings, timestamp });
    expect(validate(xml, SEQ_12)).toEqual([]);
    const root = parseTree(xml);
    expect(root.attrs[q('version')]).toBe('1.2');
    expect(root.attrs.version).toBeUndefined();
    const header = find(root, 'request', 'header')!;
    expect(find(header, 'supplyingAgencyId', 'agencyIdValue')!.text).toBe('123114');
    expect(find(header, 'requestingAgencyId', 'agencyIdValue')!.text).toBe('BALIS-GATEWAY');
    expect(find(header, 'requestingAgencyRequestId')!.text).toBe(draft.id);
    expect(find(header, 'timestamp')!.text).toMatch(DATE_TIME);
    const bib = find(root, 'request', 'bibliographicInfo')!;
    expect(find(bib, 'supplierUniqueRecordId')!.text).toBe('b1166587');
    expect(find(bib, 'title')!.text).toBe('The Cambridge History of China');
    expect(find(bib, 'subtitle')!.text).toBe('Ming <&> "Qing"');
    expect(find(bib, 'author')!.text).toBe('Twitchett, Denis Crispin., Fairbank, John King,, Mote, Frederick W.');
    expect(find(bib, 'volume')!.text).toBe('v.7: The Ming Dynasty, 1368-1644');
    expect(find(bib, 'bibliographicItemId')!.children.map((c) => [c.name, c.text])).toEqual([
      ['bibliographicItemIdentifier', '9780521243322'],
      ['bibliographicItemIdentifierCode', 'ISBN'],
    ]);
    expect(find(root, 'request', 'publicationInfo')!.children.map((c) => [c.name, c.text])).toEqual([
      ['publisher', 'Cambridge University Press'],
      ['publicationType', 'Book'],
      ['publicationDate', '1988'],
      ['placeOfPublication', 'Cambridge'],
    ]);
    const service = find(root, 'request', 'serviceInfo')!;
    expect(find(service, 'serviceType')!.text).toBe('Loan');
    expect(find(service, 'needBeforeDate')!.text).toMatch(DATE_TIME);
    expect(find(root, 'request', 'supplierInfo', 'callNumber')!.text).toBe('K20/C178/v.7/');
    expect(find(root, 'request', 'supplierInfo', 'availabilityNote')!.text).toContain('馆藏类型=参考外借资料');
  });

  it('leaves the reader out unless the config includes the patron', () => {
    const xml = draftToIso18626(draft, { settings: ill.settings, timestamp });
    expect(find(parseTree(xml), 'request', 'patronInfo')).toBeUndefined();
    for (const value of Object.values(READER)) expect(xml).not.toContain(value);

    const withPatron = draftToIso18626(draft, { settings: { ...ill.settings, includePatronInIso18626: true }, timestamp });
    expect(validate(withPatron, SEQ_12)).toEqual([]);
    const patron = find(parseTree(withPatron), 'request', 'patronInfo')!;
    expect(find(patron, 'patronId')!.text).toBe('07063');
    expect(find(patron, 'address', 'electronicAddress', 'electronicAddressData')!.text).toBe('weimin21c@163.com');
  });

  it('follows the 2021-2 sequences when configured, with a qualified ill:scheme and a pickup address', () => {
    const settings = { ...ill.settings, iso18626Version: '2021-2' as const, agencyIdScheme: 'http://example.org/balis-codes', pickupAddress: { line1: '北京邮电大学图书馆', locality: '北京', postalCode: '100876', country: 'CN' } };
    const xml = draftToIso18626(draft, { settings, timestamp });
    expect(validate(xml, SEQ_2021)).toEqual([]);
    expect(validate(xml, SEQ_12)).not.toEqual([]);
    const root = parseTree(xml);
    expect(root.attrs[q('version')]).toBe('2021-2');
    expect(find(root, 'request', 'header', 'supplyingAgencyId', 'agencyIdType')!.attrs[q('scheme')]).toBe('http://example.org/balis-codes');
    expect(find(root, 'request', 'header', 'multipleItemRequestId')).toBeUndefined();
    expect(find(root, 'request', 'requestedDeliveryInfo', 'deliveryMethod')!.text).toBe('物流');
    expect(find(root, 'request', 'requestedDeliveryInfo', 'address', 'physicalAddress', 'postalCode')!.text).toBe('100876');
  });

  it('the checker itself rejects a wrong order and a missing required element', () => {
    const xml = draftToIso18626(draft, { settings: ill.settings, timestamp });
    const swapped = xml.replace(/(<ill:title>[^<]*<\/ill:title>)(\s*)(<ill:author>[^<]*<\/ill:author>)/u, '$3$2$1');
    expect(validate(swapped, SEQ_12)).toContain('bibliographicInfo: <title> unknown or out of order');
    const noService = xml.replace(/<ill:serviceType>Loan<\/ill:serviceType>/u, '');
    expect(validate(noService, SEQ_12)).toContain('serviceInfo: required <serviceType> missing');
  });
});
