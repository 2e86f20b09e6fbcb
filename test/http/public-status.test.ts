/**
 * Failure is not absence: when every selected library failed the answer says so (summary), each
 * library's reason is a short zh/en text from its state and diagnostic code, and no internal
 * URL or address reaches the browser (JSON and SSE).
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.ts';
import { publicStatus, searchSummary, withoutAddresses } from '../../src/http/public-status.ts';
import type { LibraryStatus } from '../../src/fanout/status.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

const status = (library: string, state: LibraryStatus['state'], diagnostic?: LibraryStatus['diagnostic']): LibraryStatus => ({ library, state, hits: 0, fetched: 0, elapsedMs: 1, warnings: [], ...(diagnostic ? { diagnostic } : {}) });

describe('public library statuses', () => {
  it('cuts URLs, IP addresses and host:port pairs from messages', () => {
    expect(withoutAddresses('connection refused (http://127.0.0.1:41234/ipac20/ipac.jsp)')).toBe('connection refused');
    expect(withoutAddresses('HTTP 500 from the SRU server http://10.1.2.3:8080/sru?x=1 <html>oops')).toBe('HTTP 500 from the SRU server … <html>oops');
    expect(withoutAddresses('cannot reach opac.example.edu.cn:8080 or [::1]:9000')).toBe('cannot reach … or …');
    expect(withoutAddresses('bad record 0600112 in 2026')).toBe('bad record 0600112 in 2026');
  });

  it('gives each failure a short zh/en reason from its code, keeping SRU diagnostic URIs', () => {
    const refused = publicStatus(status('shl', 'error', { source: 'http', code: 'ECONNREFUSED', message: 'connection refused', addinfo: 'http://127.0.0.1:4/ipac' }));
    expect(refused.reason).toEqual({ zh: '无法连接（服务器拒绝连接）', en: 'could not connect (connection refused)' });
    expect(refused.diagnostic).toEqual({ source: 'http', code: 'ECONNREFUSED', message: 'connection refused' });
    expect(publicStatus(status('a', 'timeout', { source: 'http', code: 'connect-timeout', message: 'x' })).reason?.zh).toBe('连接超时');
    expect(publicStatus(status('a', 'timeout', { source: 'gateway', code: 'timeout', message: 'no answer within 400 ms' })).reason?.zh).toBe('超时未响应');
    expect(publicStatus(status('a', 'error', { source: 'http', code: '503', message: 'HTTP 503' })).reason).toEqual({ zh: '服务器出错（HTTP 503）', en: 'server error (HTTP 503)' });
    const srw = publicStatus(status('a', 'error', { source: 'srw', code: '2', uri: 'info:srw/diagnostic/1/2', message: 'System temporarily unavailable' }));
    expect(srw.diagnostic?.uri).toBe('info:srw/diagnostic/1/2');
    expect(publicStatus(status('a', 'ok')).reason).toBeUndefined();
  });

  it('summarizes answered and failed libraries', () => {
    expect(searchSummary([status('a', 'timeout'), status('b', 'timeout'), status('c', 'timeout'), status('d', 'error'), status('e', 'error'), status('f', 'suspended')])).toMatchObject({
      allFailed: true, answered: 0, failed: 5, timeout: 3, error: 2, suspended: 1, zh: '没有检索成功的图书馆：3 个超时，2 个出错', en: 'No library answered: 3 timed out, 2 failed',
    });
    expect(searchSummary([status('a', 'ok'), status('b', 'error')])).toMatchObject({ allFailed: false, answered: 1, failed: 1, zh: '1 个图书馆已响应，1 个未能检索：1 个出错' });
  });
});

describe('every selected library failing, over HTTP', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'hang', fault: 'hang', timeoutMs: 300 },
      { id: 'broken', fault: 'http500' },
      { id: 'reset', fault: 'reset' },
    ]);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('says no library answered, with reasons, and shows no internal address in JSON or SSE', async () => {
    const res = await request(`${gw.url}/api/search?title=history`);
    const text = await res.body.text();
    const body = JSON.parse(text) as { total: number; summary: Record<string, unknown>; libraries: { library: string; reason?: { zh: string; en: string } }[] };
    expect(body.total).toBe(0);
    expect(body.summary).toMatchObject({ allFailed: true, answered: 0, timeout: 1, error: 2, zh: '没有检索成功的图书馆：1 个超时，2 个出错' });
    expect(body.libraries.every((l) => l.reason !== undefined && l.reason.zh !== '' && l.reason.en !== '')).toBe(true);
    const statuses = JSON.stringify(body.libraries);
    expect(statuses).not.toContain('127.0.0.1');
    expect(statuses).not.toContain('http://');

    const stream = await request(`${gw.url}/api/search/stream?title=china`);
    const events = await stream.body.text();
    expect(events).toContain('event: library');
    expect(events).toContain('没有检索成功的图书馆');
    expect(events).not.toContain('127.0.0.1');
    expect(events).not.toContain('http://');
  });

  it('keeps the addresses in the librarian health view', async () => {
    const res = await request(`${gw.url}/api/libraries`, { headers: { 'x-demo-role': 'librarian' } });
    const body = (await res.body.json()) as { libraries: { id: string; health?: unknown }[] };
    expect(body.libraries.find((l) => l.id === 'broken')?.health).toBeDefined();
  });
});
