/** The SRU endpoint (router.ts, mounted at /sru) as the OpenAPI document describes it. */
import { z } from 'zod';
import type { Operation } from '../http/openapi/operation.ts';

const text = (description: string) => z.string().optional().meta({ description });

/** The SRU 1.1/1.2/2.0 request parameters; the router reads them itself and answers bad ones with SRU diagnostics. */
const sruQuery = z.object({
  operation: text('explain, searchRetrieve or scan (SRU 2.0 infers it from query / scanClause).'),
  version: text('1.1, 1.2 or 2.0 (default: the highest the server speaks).'),
  query: text('CQL query (searchRetrieve).'),
  startRecord: text('Position of the first record to return, from 1.'),
  maximumRecords: text('How many records to return.'),
  recordSchema: text('marcxml, dc or holdings.'),
  recordPacking: text('xml or string (SRU 1.x); packed/unpacked in 2.0.'),
  recordXMLEscaping: text('xml or string (SRU 2.0).'),
  resultSetTTL: text('Seconds to keep the result set.'),
  scanClause: text('Index and start term (scan).'),
  responsePosition: text('Position of the start term in the scan list.'),
  maximumTerms: text('How many scan terms to return.'),
  queryType: text('cql (SRU 2.0; the only type served).'),
  sortKeys: text('Not supported: merged works come ranked (diagnostic 80).'),
  stylesheet: text('Not supported: answered without one, with diagnostic 110.'),
});

const xml = { description: 'SRU XML response; bad input is an SRU diagnostic in it, never an HTML page', contentType: 'text/xml' };

function sru(path: string, method: 'get' | 'post', what: string): Operation {
  return {
    method,
    path,
    summary: `SRU explain, searchRetrieve and scan over ${what}${method === 'post' ? ' (form-encoded, SRU 1.2 and 2.0)' : ''}`,
    tag: 'sru',
    access: 'public',
    ...(path.includes(':') ? { pathParams: { database: 'A library id or a group of libraries (explain lists them).' } } : {}),
    ...(method === 'get' ? { query: sruQuery } : {}),
    responses: { 200: xml, 404: { ...xml, description: 'No such database (diagnostic 1)' }, 503: { ...xml, description: 'The gateway is busy (diagnostic 2)' } },
  };
}

export const SRU_OPERATIONS: readonly Operation[] = [
  sru('/sru', 'get', 'every library'),
  sru('/sru', 'post', 'every library'),
  sru('/sru/:database', 'get', 'one library or group'),
  sru('/sru/:database', 'post', 'one library or group'),
];
