/**
 * Record schemas the endpoint serves. A request may name a schema by short name or URI
 * (case-insensitive); the response always names the URI.
 */
import type { LibraryConfig } from '../../config/schema.ts';
import type { ServedRecord } from '../serve.ts';
import { dcRecordXml } from './dc.ts';
import { holdingsRecordXml } from './holdings.ts';
import { marcxmlRecordXml } from './marcxml.ts';

export interface RenderContext {
  libraries: ReadonlyMap<string, LibraryConfig>;
  /** Libraries whose source MARC may not be passed on. */
  withholdMarc: ReadonlySet<string>;
}

export interface RecordSchema {
  name: string;
  uri: string;
  /** Other names and URIs clients use for it. */
  aliases: readonly string[];
  title: { en: string; zh: string };
  /** Throws SruDiagnosticError (67, 68) for a record that cannot be given in this schema: a surrogate diagnostic. */
  render(item: ServedRecord, context: RenderContext): string;
}

const HOLDINGS_SCHEMA_URI = 'info:srw/schema/x/balis-holdings-v1';

export const SCHEMAS: readonly RecordSchema[] = [
  {
    name: 'marcxml',
    uri: 'info:srw/schema/1/marcxml-v1.1',
    aliases: ['marc21', 'marcxml-v1.1', 'info:srw/schema/1/marcxml-1.1', 'http://www.loc.gov/MARC21/slim'],
    title: { en: 'MARC21 slim XML (MARCXML), holdings in 852', zh: 'MARCXML（馆藏在 852 字段）' },
    render: marcxmlRecordXml,
  },
  {
    name: 'dc',
    uri: 'info:srw/schema/1/dc-v1.1',
    aliases: ['dc-v1.1', 'info:srw/schema/1/dc-schema', 'http://purl.org/dc/elements/1.1/'],
    title: { en: 'Dublin Core (srw_dc)', zh: '都柏林核心元数据' },
    render: dcRecordXml,
  },
  {
    name: 'holdings',
    uri: HOLDINGS_SCHEMA_URI,
    aliases: ['balis-holdings', 'balis-holdings-v1'],
    title: { en: 'BALIS record summary with every library\'s holdings and ILL eligibility', zh: '书目摘要及各馆馆藏与馆际互借资格' },
    render: holdingsRecordXml,
  },
];

export function findSchema(nameOrUri: string): RecordSchema | undefined {
  const wanted = nameOrUri.trim().toLowerCase();
  return SCHEMAS.find((s) => s.name === wanted || s.uri.toLowerCase() === wanted || s.aliases.some((a) => a.toLowerCase() === wanted));
}
