/**
 * Thin wrappers over the real YAZ clients and an SRU GET, for peer tests.
 * The gateway's own Z39.50 codec is not used here on purpose: these tests
 * check the peers against independent, known-good clients.
 */
import { request } from 'undici';
import { XMLParser } from 'fast-xml-parser';
import { runTool } from '../../peers/proc.ts';

export interface YazClientRun {
  output: string;
  hits: number[];
  diagnostics: { code: number; addinfo: string }[];
  elapsed: number[];
}

/** Runs yaz-client against a target with a script of commands (one per line). */
export async function yazClient(target: string, commands: string[], timeoutMs = 15_000): Promise<YazClientRun> {
  const result = await runTool('yaz-client', [target], { input: [...commands, 'quit', ''].join('\n'), timeoutMs });
  const output = result.stdout + result.stderr;
  return {
    output,
    hits: [...output.matchAll(/Number of hits: (\d+)/g)].map((m) => Number(m[1])),
    diagnostics: [...output.matchAll(/\[(\d+)\] [^\n]*?(?:-- v2 addinfo '([^']*)')?\n/g)].map((m) => ({ code: Number(m[1]), addinfo: m[2] ?? '' })),
    elapsed: [...output.matchAll(/Elapsed: ([\d.]+)/g)].map((m) => Number(m[1])),
  };
}

/** Runs zoomsh with one argument per command (ZOOM API, as a real client library would). */
export async function zoomsh(commands: string[], timeoutMs = 15_000): Promise<string> {
  const result = await runTool('zoomsh', [...commands, 'quit'], { timeoutMs });
  return result.stdout + result.stderr;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Keep standard numbers such as 0521243327 as strings.
  parseTagValue: false,
  isArray: (name) => ['record', 'datafield', 'subfield', 'controlfield', 'holding', 'circulation', 'diagnostic', 'title'].includes(name),
});

export interface SruResult {
  status: number;
  contentType: string;
  body: string;
  numberOfRecords: number | undefined;
  /** recordData of each zs:record, parsed. */
  records: Record<string, unknown>[];
  recordSchemas: string[];
  diagnostics: string[];
}

type Node = Record<string, unknown>;

function asNode(value: unknown): Node {
  return value !== null && typeof value === 'object' ? (value as Node) : {};
}

export function asArray(value: unknown): Node[] {
  return Array.isArray(value) ? value.map(asNode) : value === undefined ? [] : [asNode(value)];
}

/** SRU 1.2 searchRetrieve over HTTP GET; maximumRecords=5 and marcxml unless overridden. */
export async function sruSearch(baseUrl: string, query: string, params: Record<string, string> = {}): Promise<SruResult> {
  const url = new URL(baseUrl);
  const all = { version: '1.2', operation: 'searchRetrieve', query, maximumRecords: '5', recordSchema: 'marcxml', ...params };
  for (const [key, value] of Object.entries(all)) if (value !== '') url.searchParams.set(key, value);
  const response = await request(url, { method: 'GET' });
  const body = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.includes('xml')) {
    return { status: response.statusCode, contentType, body, numberOfRecords: undefined, records: [], recordSchemas: [], diagnostics: [] };
  }
  const root = asNode(asNode(parser.parse(body)).searchRetrieveResponse);
  const zsRecords = asArray(asNode(root.records).record);
  return {
    status: response.statusCode,
    contentType,
    body,
    numberOfRecords: root.numberOfRecords === undefined ? undefined : Number(root.numberOfRecords),
    records: zsRecords.map((r) => asNode(r.recordData)),
    recordSchemas: zsRecords.map((r) => String(r.recordSchema)),
    diagnostics: asArray(asNode(root.diagnostics).diagnostic).map((d) => String(d.uri)),
  };
}

/** Subfield values of a parsed MARCXML record (fast-xml-parser shape). */
export function marcSubfields(record: unknown, tag: string, code: string): string[] {
  return asArray(asNode(record).datafield)
    .filter((f) => f['@_tag'] === tag)
    .flatMap((f) => asArray(f.subfield).filter((s) => s['@_code'] === code).map((s) => String(s['#text'] ?? '')));
}

export function marcControl(record: unknown, tag: string): string | undefined {
  const field = asArray(asNode(record).controlfield).find((f) => f['@_tag'] === tag);
  return field === undefined ? undefined : String(field['#text'] ?? '');
}

export function marcLeader(record: unknown): string {
  return String(asNode(record).leader ?? '');
}
