/**
 * Reads an SRU explainResponse (1.1, 1.2, 2.0) and the ZeeRex 2.0 record inside it
 * (http://explain.z3950.org/dtd/2.0/): the version answered, the indexes with their context
 * sets, the record schemas and the server's maximumRecords. Elements are matched by local
 * name; a record packed as a string is read as a second document. Sizes and depth are capped
 * like every parser of outside input.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { localName, readWholeDocument, SruParseError } from './response.ts';

export const EXPLAIN_LIMITS = { MAX_LENGTH: 2 * 1024 * 1024, MAX_DEPTH: 64, MAX_INDEXES: 2000, MAX_SCHEMAS: 200, MAX_SETS: 200 } as const;

interface ExplainIndex {
  /** Context-set name as the record writes it (undefined: the server's default set). */
  set?: string;
  name: string;
}

export interface SruExplain {
  version?: string;
  /** Context-set short name → identifier (URI), as declared in indexInfo. */
  sets: Record<string, string>;
  /** The record's default context set (configInfo default type="contextSet"). */
  defaultSet?: string;
  indexes: ExplainIndex[];
  schemas: string[];
  maximumRecords?: number;
  diagnostics: { uri: string; message?: string }[];
}

export function parseSruExplain(text: string): SruExplain {
  const out: SruExplain = { sets: {}, indexes: [], schemas: [], diagnostics: [] };
  const packed = readDocument(text, out, true);
  // recordPacking=string: the ZeeRex record is escaped text inside recordData.
  if (packed !== undefined && packed.trim().startsWith('<')) readDocument(packed.trim(), out, false);
  return out;
}

/** Reads one document into `out`; returns the text of an envelope's recordData when it held no elements. */
function readDocument(text: string, out: SruExplain, envelope: boolean): string | undefined {
  if (text.length > EXPLAIN_LIMITS.MAX_LENGTH) throw new SruParseError(`explain response longer than ${EXPLAIN_LIMITS.MAX_LENGTH} characters (MAX_LENGTH)`);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: string[] = [];
  let buffer = '';
  let recordText: string | undefined;
  let recordDataDepth = -1;
  let recordDataHasElements = false;
  let index: { names: ExplainIndex[] } | undefined;
  let nameSet: string | undefined;
  let typed: { element: string; type: string } | undefined;
  let diagnostic: { uri?: string; message?: string } | undefined;
  let rootSeen = false;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (stack.length >= EXPLAIN_LIMITS.MAX_DEPTH) throw new SruParseError(`elements nested more than ${EXPLAIN_LIMITS.MAX_DEPTH} deep (MAX_DEPTH)`, parser.position);
    const name = localName(tag.name);
    const attr = (key: string): string | undefined => {
      const value = tag.attributes[key];
      return value === undefined ? undefined : String(value).trim();
    };
    if (!rootSeen) {
      rootSeen = true;
      const wanted = envelope ? 'explainResponse' : 'explain';
      if (name !== wanted) throw new SruParseError(`not an SRU ${wanted} (root element <${tag.name}>)`);
    }
    stack.push(name);
    buffer = '';
    if (recordDataDepth >= 0) recordDataHasElements = true;
    if (name === 'recordData') recordDataDepth = stack.length;
    else if (name === 'diagnostic') diagnostic = {};
    else if (name === 'set' && stack.includes('indexInfo')) {
      const short = attr('name');
      const identifier = attr('identifier');
      if (short && identifier) {
        if (Object.keys(out.sets).length >= EXPLAIN_LIMITS.MAX_SETS) throw new SruParseError(`more than ${EXPLAIN_LIMITS.MAX_SETS} context sets (MAX_SETS)`, parser.position);
        out.sets[short.toLowerCase()] = identifier;
      }
    } else if (name === 'index' && stack.includes('indexInfo')) {
      // An index the server lists but cannot search (search="false") is no search index.
      index = attr('search') === 'false' ? undefined : { names: [] };
    } else if (name === 'name' && index && stack.includes('map')) nameSet = attr('set');
    else if (name === 'schema' && stack.includes('schemaInfo')) {
      const schema = attr('name') ?? attr('identifier');
      if (schema && attr('retrieve') !== 'false') {
        if (out.schemas.length >= EXPLAIN_LIMITS.MAX_SCHEMAS) throw new SruParseError(`more than ${EXPLAIN_LIMITS.MAX_SCHEMAS} schemas (MAX_SCHEMAS)`, parser.position);
        out.schemas.push(schema);
      }
    } else if ((name === 'setting' || name === 'default') && stack.includes('configInfo')) typed = { element: name, type: attr('type') ?? '' };
    else if (name === 'serverInfo' && stack.includes('explain')) {
      const version = attr('version');
      if (version && out.version === undefined) out.version = version;
    }
  });
  parser.on('text', (value) => {
    buffer += value;
  });
  parser.on('cdata', (value) => {
    buffer += value;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const value = buffer.trim();
    buffer = '';
    stack.pop();
    const parent = stack[stack.length - 1];
    if (name === 'recordData' && recordDataDepth === stack.length + 1) {
      if (!recordDataHasElements && value !== '') recordText = value;
      recordDataDepth = -1;
    } else if (diagnostic) {
      if (name === 'uri') diagnostic.uri = value;
      else if (name === 'message') diagnostic.message = value;
      else if (name === 'diagnostic') {
        out.diagnostics.push({ uri: diagnostic.uri ?? 'info:srw/diagnostic/1/1', ...(diagnostic.message ? { message: diagnostic.message } : {}) });
        diagnostic = undefined;
      }
    } else if (name === 'name' && index && stack.includes('map')) {
      if (value) index.names.push(nameSet ? { set: nameSet, name: value } : { name: value });
      nameSet = undefined;
    } else if (name === 'index' && index) {
      if (out.indexes.length + index.names.length > EXPLAIN_LIMITS.MAX_INDEXES) throw new SruParseError(`more than ${EXPLAIN_LIMITS.MAX_INDEXES} indexes (MAX_INDEXES)`, parser.position);
      out.indexes.push(...index.names);
      index = undefined;
    } else if (typed && name === typed.element) {
      if (typed.type === 'maximumRecords' && /^\d{1,9}$/.test(value)) out.maximumRecords = Number(value);
      else if (typed.element === 'default' && typed.type === 'contextSet' && value) out.defaultSet = value.toLowerCase();
      typed = undefined;
    } else if (name === 'version' && parent === 'explainResponse' && value) out.version = value;
  });
  readWholeDocument(parser, text);
  if (!rootSeen) throw new SruParseError('empty response');
  return recordText;
}
