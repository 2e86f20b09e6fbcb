/**
 * explain: a ZeeRex 2.0 record generated from the config and the index/schema tables,
 * the same for operation=explain and a bare GET of the base URL. Its extraResponseData
 * lists the other virtual databases so a portal can discover /sru/<name>.
 */
import { escapeXml } from '../records/marcxml/write.ts';
import type { OperationRequest, SruService } from './context.ts';
import type { VirtualDatabase } from './databases.ts';
import { toSruDiagnostic } from './diagnostics.ts';
import { FEDERATION_NS } from './federation.ts';
import { CONTEXT_SETS, IGNORED_RELATION_MODIFIERS, INDEXES } from './indexes.ts';
import { readPacking } from './packing.ts';
import { echo } from './params.ts';
import { findSchema, SCHEMAS } from './schemas/registry.ts';
import { explainResponseXml } from './write-other.ts';
import type { SruDiagnosticOut } from './write.ts';

const ZEEREX_NS = 'http://explain.z3950.org/dtd/2.0/';

function titles(tag: string, t: { zh: string; en: string }, primary = false): string {
  return `<${tag} lang="zh"${primary ? ' primary="true"' : ''}>${escapeXml(t.zh)}</${tag}><${tag} lang="en">${escapeXml(t.en)}</${tag}>`;
}

function indexInfoXml(): string {
  const parts = ['<indexInfo>'];
  for (const [name, uri] of Object.entries(CONTEXT_SETS)) parts.push(`<set name="${escapeXml(name)}" identifier="${escapeXml(uri)}"/>`);
  for (const index of INDEXES) {
    const id = `${index.set}.${index.name}`;
    parts.push(`<index id="${escapeXml(id)}" search="true" scan="${index.scan !== undefined}" sort="false">`);
    parts.push(titles('title', index.title));
    parts.push(`<map><name set="${escapeXml(index.set)}">${escapeXml(index.name)}</name></map>`);
    parts.push('<configInfo>');
    for (const relation of index.relations) parts.push(`<supports type="relation">${escapeXml(relation)}</supports>`);
    // How the index is evaluated: sent to every member library, or applied by the gateway afterwards.
    const evaluation = index.how.kind === 'postFilter' ? 'postFilter' : index.how.kind === 'resultSet' ? 'resultSet' : 'federated';
    parts.push(`<setting type="evaluation">${evaluation}</setting>`);
    if (index.note) parts.push(`<setting type="note">${escapeXml(index.note)}</setting>`);
    parts.push('</configInfo></index>');
  }
  parts.push('</indexInfo>');
  return parts.join('');
}

function schemaInfoXml(): string {
  const parts = ['<schemaInfo>'];
  for (const s of SCHEMAS) {
    parts.push(`<schema identifier="${escapeXml(s.uri)}" name="${escapeXml(s.name)}" retrieve="true" sort="false">${titles('title', s.title)}</schema>`);
  }
  parts.push('</schemaInfo>');
  return parts.join('');
}

function configInfoXml(service: SruService): string {
  const { settings } = service;
  const defaultSchema = findSchema(settings.defaultSchema);
  const relations = [...new Set(INDEXES.flatMap((i) => i.relations))];
  const ttl = service.gateway.config.gateway.cache.ttlSeconds || 60;
  const parts = [
    '<configInfo>',
    `<default type="numberOfRecords">${settings.defaultRecords}</default>`,
    `<setting type="maximumRecords">${settings.maxRecords}</setting>`,
    `<default type="retrieveSchema">${escapeXml(defaultSchema?.name ?? settings.defaultSchema)}</default>`,
    '<default type="contextSet">cql</default>',
    '<default type="index">cql.serverChoice</default>',
    '<default type="relation">=</default>',
    `<default type="resultSetTTL">${ttl}</default>`,
    '<supports type="resultSets"/>',
    ...relations.map((r) => `<supports type="relation">${escapeXml(r)}</supports>`),
    '<supports type="relationModifier">unmasked</supports>',
    ...IGNORED_RELATION_MODIFIERS.map((m) => `<supports type="relationModifier">${m}</supports>`),
    '<supports type="maskingCharacter">*</supports>',
    '<setting type="masking">right truncation only: a trailing "*"</setting>',
    '<setting type="sort">none: merged works come ranked by relevance; sortBy and sortKeys give diagnostic 80</setting>',
    `<default type="numberOfTerms">${settings.defaultTerms}</default>`,
    `<setting type="maximumTerms">${settings.maxTerms}</setting>`,
    '<supports type="scan">dc.title, dc.creator and bath.isbn are scanned over a term index built from the records of recent result sets of this endpoint (not the member catalogues); numberOfRecords counts those records</supports>',
    '<setting type="postFilter">dc.language and ill.available are applied by the gateway to the federated result set after the search (only as "and" operands)</setting>',
    '<setting type="numberOfRecords">the records the gateway holds for the search (up to the per-library fetch limit), after post-filters</setting>',
    '</configInfo>',
  ];
  return parts.join('');
}

function explainRecordXml(request: OperationRequest, service: SruService): string {
  const db = request.database;
  const path = db.name === '' ? 'sru' : `sru/${db.name}`;
  const members = db.libraries.map((l) => l.id).join(', ') || '-';
  const description = {
    zh: `联合检索 ${db.libraries.length} 个成员馆（${members}）；每条记录带各馆馆藏及馆际互借资格。`,
    en: `Federated search over ${db.libraries.length} member libraries (${members}); each record carries every library's holdings and ILL eligibility.`,
  };
  return [
    `<explain xmlns="${ZEEREX_NS}">`,
    `<serverInfo protocol="SRU" version="${request.version}" transport="http" method="GET POST">`,
    `<host>${escapeXml(request.host)}</host><port>${request.port}</port><database>${escapeXml(path)}</database>`,
    '</serverInfo>',
    `<databaseInfo>${titles('title', db.title, true)}${titles('description', description)}</databaseInfo>`,
    indexInfoXml(),
    schemaInfoXml(),
    configInfoXml(service),
    '</explain>',
  ].join('');
}

function databasesXml(all: readonly VirtualDatabase[]): string {
  const parts = [`<fed:databases xmlns:fed="${FEDERATION_NS}">`];
  for (const db of all) {
    parts.push(`<fed:database name="${escapeXml(db.name)}" path="/sru${db.name ? `/${escapeXml(db.name)}` : ''}" libraries="${escapeXml(db.libraries.map((l) => l.id).join(' '))}">`);
    parts.push(`<fed:title xml:lang="zh">${escapeXml(db.title.zh)}</fed:title><fed:title xml:lang="en">${escapeXml(db.title.en)}</fed:title></fed:database>`);
  }
  parts.push('</fed:databases>');
  return parts.join('');
}

export function explain(request: OperationRequest, service: SruService): string {
  const { params, version } = request;
  const echoed = echo(params, ['version', 'recordXMLEscaping', 'recordPacking', 'stylesheet']);
  if (version !== '2.0' && echoed.version === undefined) echoed.version = version;
  const diagnostics: SruDiagnosticOut[] = [...request.warnings];
  let packing: ReturnType<typeof readPacking> = { escaping: 'xml' };
  try {
    packing = readPacking(params, version);
  } catch (error) {
    // explainResponse must carry the record, so a bad packing is reported next to it.
    const d = toSruDiagnostic(error);
    if (!d) throw error;
    diagnostics.unshift(d);
  }
  const record = { schema: ZEEREX_NS, xml: explainRecordXml(request, service), position: 1, escaping: packing.escaping, ...(packing.packing ? { packing: packing.packing } : {}) };
  return explainResponseXml({
    version,
    record,
    echoedRequest: echoed,
    diagnostics,
    extraResponseData: request.database.name === '' ? databasesXml(service.catalog.all()) : '',
  });
}
