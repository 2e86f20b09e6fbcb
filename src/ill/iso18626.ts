/**
 * A draft as an ISO 18626 `request` message (namespace http://illtransactions.org/2013/iso18626).
 * Element order follows the XSD sequences (reference 06 §3); attributes are namespace-qualified
 * (`ill:version`, `ill:scheme`) because the schema sets attributeFormDefault="qualified".
 *
 * Version 1.2 (the default) differs from 2021-2 where this message touches it: its header
 * requires multipleItemRequestId (made optional in 2021-1, per the XSD change log),
 * bibliographicItemId is Identifier-then-Code, and requestedDeliveryInfo has no deliveryMethod.
 * The reader appears (patronInfo) only when the config says so.
 */
import type { IllSettings } from '../config/schema.ts';
import { escapeXml } from '../records/marcxml/write.ts';
import type { IllDraft } from './types.ts';

export const ISO18626_NS = 'http://illtransactions.org/2013/iso18626';
const SCHEMA_LOCATION: Record<IllSettings['iso18626Version'], string> = {
  '1.2': 'http://illtransactions.org/schemas/ISO-18626-v1_2.xsd',
  '2021-2': 'http://illtransactions.org/schemas/ISO-18626-2021-2.xsd',
};

/** 资料类型 → publicationType (open list in the standard). */
const PUBLICATION_TYPES: Record<string, string> = { 图书: 'Book', 期刊: 'Journal', 报纸: 'Newspaper', 学位论文: 'Thesis', 地图: 'Map', 乐谱: 'Score', 电子资源: 'Other' };

type Node = [name: string, content: string | Node[], attrs?: Record<string, string>];

function el(name: string, content: string | Node[] | undefined, attrs?: Record<string, string>): Node[] {
  if (content === undefined || content === '' || (Array.isArray(content) && content.length === 0)) return [];
  return [[name, content, ...(attrs ? [attrs] : [])] as Node];
}

/** For elements the schema requires even when we have nothing to say (1.2 multipleItemRequestId). */
function empty(name: string): Node {
  return [name, ''];
}

function write(nodes: Node[], depth: number): string {
  const pad = '  '.repeat(depth);
  return nodes
    .map(([name, content, attrs]) => {
      const a = Object.entries(attrs ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
      if (typeof content === 'string') return `${pad}<ill:${name}${a}>${escapeXml(content)}</ill:${name}>`;
      return `${pad}<ill:${name}${a}>\n${write(content, depth + 1)}\n${pad}</ill:${name}>`;
    })
    .join('\n');
}

export interface Iso18626Options {
  settings: IllSettings;
  /** The message's own timestamp (now), not the draft's. */
  timestamp: Date;
}

export function draftToIso18626(draft: IllDraft, { settings, timestamp }: Iso18626Options): string {
  const v12 = settings.iso18626Version === '1.2';
  const scheme = settings.agencyIdScheme ? { 'ill:scheme': settings.agencyIdScheme } : undefined;
  const agency = (value: string): Node[] => [...el('agencyIdType', settings.agencyIdType, scheme), ...el('agencyIdValue', value)];
  const supplier = draft.lender.code ?? draft.lender.id;
  const { form, bibliographic: bib } = draft;

  const itemId = (code: string, value: string): Node[] =>
    el('bibliographicItemId', v12 ? [...el('bibliographicItemIdentifier', value), ...el('bibliographicItemIdentifierCode', code)] : [...el('bibliographicItemIdentifierCode', code), ...el('bibliographicItemIdentifier', value)]);

  const header: Node[] = [
    ...el('supplyingAgencyId', agency(supplier)),
    ...el('requestingAgencyId', agency(settings.requestingAgencyId)),
    ...(v12 ? [empty('multipleItemRequestId')] : []),
    ...el('timestamp', timestamp.toISOString()),
    ...el('requestingAgencyRequestId', draft.id),
  ];
  const bibliographicInfo: Node[] = [
    ...el('supplierUniqueRecordId', draft.copy ? localId(draft.copy.recordId) : localId(draft.source.recordId)),
    ...el('title', bib.titleProper || form.title),
    ...el('author', form.authors),
    ...el('subtitle', bib.subtitle),
    ...el('edition', bib.edition),
    ...el('volume', bib.volume),
    ...(bib.isbn ? itemId('ISBN', bib.isbn) : []),
    ...(bib.issn ? itemId('ISSN', bib.issn) : []),
  ];
  const publicationInfo: Node[] = [
    ...el('publisher', form.publisher),
    ...el('publicationType', PUBLICATION_TYPES[form.materialType] ?? 'Other'),
    ...el('publicationDate', form.year),
    ...el('placeOfPublication', bib.place),
  ];
  const needBefore = draft.needBeforeDate ? `${draft.needBeforeDate}T00:00:00+08:00` : undefined;
  const serviceInfo: Node[] = [...el('requestType', 'New'), ...el('serviceType', 'Loan'), ...el('needBeforeDate', needBefore), ...el('note', form.note)];
  const copy = draft.copy;
  const availability = copy ? [copy.libraryName, copy.location, copy.barcode && `条码 ${copy.barcode}`, copy.statusText && `状态=${copy.statusText}`, copy.collectionType && `馆藏类型=${copy.collectionType}`] : [];
  const supplierInfo: Node[] = copy
    ? [...el('sortOrder', '1'), ...el('supplierCode', agency(supplier)), ...el('callNumber', copy.callNumber), ...el('availabilityNote', availability.filter(Boolean).join(' / '))]
    : [];
  const address = settings.pickupAddress;
  const physical: Node[] = address
    ? [...el('line1', address.line1), ...el('line2', address.line2), ...el('locality', address.locality), ...el('postalCode', address.postalCode), ...el('region', address.region), ...el('country', address.country)]
    : [];
  const delivery: Node[] = [...el('sortOrder', '1'), ...el('address', el('physicalAddress', physical)), ...(v12 ? [] : el('deliveryMethod', form.delivery))];
  const reader = settings.includePatronInIso18626 ? draft.reader : null;
  const patron: Node[] = reader
    ? [
        ...el('patronId', reader.readerBarcode),
        ...el('surname', reader.readerName ?? reader.recipientName),
        ...el('sendToPatron', 'N'),
        ...el('address', el('electronicAddress', [...el('electronicAddressType', 'email'), ...el('electronicAddressData', reader.email)])),
      ]
    : [];

  const request: Node[] = [
    ...el('header', header),
    ...el('bibliographicInfo', bibliographicInfo),
    ...el('publicationInfo', publicationInfo),
    ...el('serviceInfo', serviceInfo),
    ...el('supplierInfo', supplierInfo),
    ...el('requestedDeliveryInfo', delivery),
    ...el('patronInfo', patron),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ill:ISO18626Message xmlns:ill="${ISO18626_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ill:version="${settings.iso18626Version}" xsi:schemaLocation="${ISO18626_NS} ${SCHEMA_LOCATION[settings.iso18626Version]}">`,
    write(el('request', request), 1),
    '</ill:ISO18626Message>',
    '',
  ].join('\n');
}

/** `shl:b123` → `b123`: the lender's own record number, as supplierUniqueRecordId asks. */
function localId(recordId: string): string {
  const colon = recordId.indexOf(':');
  return colon >= 0 ? recordId.slice(colon + 1) : recordId;
}
