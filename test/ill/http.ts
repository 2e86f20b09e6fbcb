/** Small undici helpers for the ILL API tests. */
import { request } from 'undici';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  type: string;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, raw?: string): Promise<Answer<T>> {
  const res = await request(url, {
    method,
    ...(body !== undefined || raw !== undefined ? { body: raw ?? JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.body.text();
  const type = String(res.headers['content-type'] ?? '');
  const parsed = type.includes('json') ? (JSON.parse(text) as T) : (undefined as T);
  return { status: res.statusCode, type, headers: res.headers, body: parsed, text };
}
