/** HTTP helpers for the SRU tests: raw status, headers and parsed XML. */
import { request } from 'undici';
import { parseXml, type XNode } from './xml.ts';

export interface SruAnswer {
  status: number;
  type: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  xml: XNode;
}

export async function sruGet(base: string, params: Record<string, string> | string = {}): Promise<SruAnswer> {
  const query = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  const res = await request(`${base}${query ? `?${query}` : ''}`);
  const body = await res.body.text();
  return { status: res.statusCode, type: String(res.headers['content-type']), headers: res.headers, body, xml: parseXml(body) };
}

export async function sruPost(base: string, params: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<SruAnswer> {
  const res = await request(base, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(params).toString() });
  const body = await res.body.text();
  return { status: res.statusCode, type: String(res.headers['content-type']), headers: res.headers, body, xml: parseXml(body) };
}

export const NS = {
  srw: 'http://www.loc.gov/zing/srw/',
  srwDiag: 'http://www.loc.gov/zing/srw/diagnostic/',
  sru2: 'http://docs.oasis-open.org/ns/search-ws/sruResponse',
  sru2Diag: 'http://docs.oasis-open.org/ns/search-ws/diagnostic',
  sru2Scan: 'http://docs.oasis-open.org/ns/search-ws/scan',
  zeerex: 'http://explain.z3950.org/dtd/2.0/',
  marc: 'http://www.loc.gov/MARC21/slim',
  fed: 'info:srw/extension/x/balis-federation-v1',
  holdings: 'info:srw/schema/x/balis-holdings-v1',
};

/** The diagnostic URIs of the response-level diagnostics, with their details. */
export function diagnostics(xml: XNode): { uri: string; details?: string; message?: string; ns: string }[] {
  const list = xml.children.find((c) => c.local === 'diagnostics');
  return (list?.children ?? []).map((d) => {
    const text = (name: string) => d.children.find((c) => c.local === name)?.text;
    const out: { uri: string; details?: string; message?: string; ns: string } = { uri: text('uri') ?? '', ns: d.ns };
    const details = text('details');
    const message = text('message');
    if (details !== undefined) out.details = details;
    if (message !== undefined) out.message = message;
    return out;
  });
}
