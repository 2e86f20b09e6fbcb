/**
 * Captures Zebra's Explain records as it gives them (XML: it refuses the Explain syntax, see
 * adapters/z3950/explain-xml.ts) into fixtures/z3950/explain/zebra-*.xml, for the XML reader's
 * tests and as fuzz seeds. Needs idzebra; run: npx tsx test/adapters/z3950/support/capture-explain.ts
 * (dates inside the records are the capture's).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Session } from '../../../../adapters/z3950/session.ts';
import { OID } from '../../../../src/z3950/oids.ts';
import { startZebra } from '../../../../peers/zebra.ts';
import { sessionOptions } from './session.ts';

const DIR = fileURLToPath(new URL('../../../../fixtures/z3950/explain/', import.meta.url));
const signal = AbortSignal.timeout(30_000);
const zebra = await startZebra();
try {
  const session = await Session.open(sessionOptions(zebra.port), signal);
  const term = (use: number, text: string) => ({ kind: 'term' as const, attributes: [{ type: 1, value: use }], term: Buffer.from(text), text });
  for (const [category, database] of [['TargetInfo'], ['DatabaseInfo', 'marc21'], ['AttributeDetails', 'marc21'], ['AttributeDetails', 'cnmarc'], ['CategoryList']] as const) {
    const rpn = database ? { kind: 'op' as const, op: 'and' as const, left: term(1, category), right: term(3, database) } : term(1, category);
    await session.search({ databases: ['IR-Explain-1'], resultSetName: 'x', query: { attributeSet: OID.EXP1_ATTRIBUTES, rpn } }, signal);
    const answer = await session.present({ resultSetName: 'x', start: 1, count: 1, preferredRecordSyntax: OID.XML_TEXT }, signal);
    const record = answer.records?.kind === 'records' ? answer.records.records[0]?.record : undefined;
    if (record?.kind !== 'retrieval' || record.external.encoding.kind !== 'octet-aligned') throw new Error(`${category}: no XML record`);
    const name = `zebra-${category.toLowerCase()}${database ? `-${database}` : ''}.xml`;
    writeFileSync(DIR + name, record.external.encoding.bytes);
    console.log(`wrote ${name}`);
  }
  await session.close();
} finally {
  await zebra.stop();
}
