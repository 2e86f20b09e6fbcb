/**
 * Explain records as XML, the form a server gives when it will not encode the Explain syntax:
 * Zebra 2.2 answers a Present for Explain syntax with diagnostic 238 ("Tag explain is local"
 * in its log) or 239, but renders the same records as XML, element names from its explain.abs:
 *   <explain><targetInfo><name/><namedResultSets/><multipleDBSearch/><maxResultSets/>…</targetInfo></explain>
 *   <explain><databaseInfo><name/><recordCount><recordCountActual/></recordCount>…</databaseInfo></explain>
 *   <explain><attributeDetails><name/><zebraInfo><attrlist><attr><type/><str/><dococcurrences/><cat/></attr>…
 * Zebra's AttributeDetails carries its indexes in its private zebraInfo/attrlist, by Bib-1
 * name ("Title"), with the documents each holds; only `cat` index entries are searchable indexes.
 * Read with saxes (iterative) under the Explain decoders' limits.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { OID } from '../../src/z3950/oids.ts';
import { EXPLAIN_LIMITS, ExplainError, ExplainLimitError, type ExplainAttributeValue, type ExplainRecord } from '../../src/z3950/explain/model.ts';

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);
const flag = (text: string) => text === '1' || text.toLowerCase() === 'true';

function count(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new ExplainError(`${what} is not a count: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

export function parseExplainXml(text: string): ExplainRecord {
  if (text.length > EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES) throw new ExplainLimitError('MAX_EXPLAIN_BYTES', `Explain record of ${text.length} characters is over ${EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES}`);
  const parser = new SaxesParser({ xmlns: false });
  const path: string[] = [];
  const fields = new Map<string, string>();
  const indexes: ExplainAttributeValue[] = [];
  let attr: Map<string, string> | undefined;
  let elements = 0;
  let buffer = '';
  let root: string | undefined;
  let category: string | undefined;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (path.length >= EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH) throw new ExplainLimitError('MAX_EXPLAIN_DEPTH', `Explain record nested more than ${EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH} deep`);
    if (++elements > EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS) throw new ExplainLimitError('MAX_EXPLAIN_ELEMENTS', `Explain record of more than ${EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS} elements`);
    path.push(localName(tag.name));
    buffer = '';
    if (path.length === 1) root = path[0];
    else if (path.length === 2 && category === undefined && path[1] !== 'idzebra') category = path[1];
    else if (path.length === 5 && path.slice(2).join('/') === 'zebraInfo/attrlist/attr') attr = new Map();
  });
  parser.on('text', (t) => {
    buffer += t;
  });
  parser.on('closetag', () => {
    const key = path.slice(2).join('/');
    if (attr && path.length === 6) attr.set(path[5]!, buffer.trim());
    else if (attr && path.length === 5) {
      if (attr.get('cat') === 'index' && attr.get('str')) {
        const documents = attr.get('dococcurrences');
        indexes.push({ value: attr.get('str')!, ...(documents ? { documents: count(documents, 'dococcurrences') } : {}) });
      }
      attr = undefined;
    } else if (path.length >= 3 && path[1] === category && !fields.has(key)) fields.set(key, buffer.trim());
    path.pop();
    buffer = '';
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof ExplainError) throw error;
    throw new ExplainError(`malformed Explain XML: ${(error as Error).message}`);
  }
  if (root !== 'explain' || category === undefined) throw new ExplainError('not an <explain> record');
  return toRecord(category, fields, indexes);
}

function toRecord(category: string, fields: Map<string, string>, indexes: ExplainAttributeValue[]): ExplainRecord {
  const name = fields.get('name');
  const text = (key: string) => fields.get(key) || undefined;
  const number = (key: string) => (fields.get(key) ? count(fields.get(key)!, key) : undefined);
  if (category !== 'targetInfo' && category !== 'databaseInfo' && category !== 'attributeDetails') return { category: 'other', name: category };
  if (!name) throw new ExplainError(`${category} without a name`);
  if (category === 'targetInfo') {
    const maxResultSets = number('maxResultSets');
    const maxResultSize = number('maxResultSize');
    return {
      category,
      targetInfo: {
        name,
        ...(fields.has('namedResultSets') ? { namedResultSets: flag(fields.get('namedResultSets')!) } : {}),
        ...(fields.has('multipleDBSearch') ? { multipleDatabaseSearch: flag(fields.get('multipleDBSearch')!) } : {}),
        ...(maxResultSets === undefined ? {} : { maxResultSets }),
        ...(maxResultSize === undefined ? {} : { maxResultSize }),
      },
    };
  }
  if (category === 'databaseInfo') {
    const actual = number('recordCount/recordCountActual');
    const approx = number('recordCount/recordCountApprox');
    const title = text('titleString');
    return {
      category,
      databaseInfo: {
        name,
        explainDatabase: fields.has('explainDatabase'),
        ...(fields.has('available') ? { available: flag(fields.get('available')!) } : {}),
        ...(title ? { title } : {}),
        ...(actual !== undefined ? { recordCount: { count: actual, approximate: false } } : approx !== undefined ? { recordCount: { count: approx, approximate: true } } : {}),
      },
    };
  }
  return { category, attributeDetails: { databaseName: name, attributeSets: indexes.length > 0 ? [{ attributeSet: OID.BIB1_ATTRIBUTES, types: [{ type: 1, values: indexes }] }] : [] } };
}
