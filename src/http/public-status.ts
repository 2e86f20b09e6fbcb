/**
 * A library's status as the browser and other public clients see it: a short reason in both UI
 * languages from the state and the diagnostic's code, and no internal address — URLs, IP
 * addresses and host:port pairs of member servers are cut from messages (they stay in the logs,
 * the health store and the librarian's /api/libraries health view). And the search's summary:
 * how many libraries answered and how many failed, by kind, so "no library answered" is never
 * shown as "no hits".
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { LibraryStatus } from '../fanout/status.ts';

interface Bilingual {
  zh: string;
  en: string;
}

const ADDRESS = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/giu,
  /\[[0-9a-f:]+\](?::\d+)?/giu,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/gu,
  /\blocalhost(?::\d+)?\b/giu,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d{2,5}\b/giu,
];

/** Text with every internal address replaced by "…". */
export function withoutAddresses(text: string): string {
  let out = text;
  for (const pattern of ADDRESS) out = out.replace(pattern, '…');
  return out.replace(/\s*\(…\)/gu, '').replace(/(?:…[\s,;:]*){2,}/gu, '… ').trim();
}

const TIMEOUT_CODES: Record<string, Bilingual> = {
  'connect-timeout': { zh: '连接超时', en: 'could not connect in time' },
  'headers-timeout': { zh: '服务器未及时响应', en: 'the server did not answer in time' },
  'body-timeout': { zh: '服务器中途停止发送', en: 'the server stopped sending' },
};

const ERROR_CODES: Record<string, Bilingual> = {
  ECONNREFUSED: { zh: '无法连接（服务器拒绝连接）', en: 'could not connect (connection refused)' },
  ECONNRESET: { zh: '连接被服务器中断', en: 'the server dropped the connection' },
  UND_ERR_SOCKET: { zh: '连接被服务器中断', en: 'the server dropped the connection' },
  ENOTFOUND: { zh: '找不到服务器', en: 'server not found' },
  EHOSTUNREACH: { zh: '无法访问服务器', en: 'server unreachable' },
  'rate-limited': { zh: '请求过于频繁，稍后再试', en: 'too many requests, try again later' },
  'unsupported-query': { zh: '该馆不支持此检索', en: 'this library cannot run this search' },
  'query-charset': { zh: '检索词无法用该馆字符集表示', en: 'the search term cannot be written in this library\'s charset' },
  'login-required': { zh: '该馆目录需要登录', en: 'the catalogue requires a login' },
  'layout-changed': { zh: '该馆页面格式已变，无法读取', en: 'the catalogue page changed and cannot be read' },
  'response-too-large': { zh: '该馆返回的数据过大', en: 'the answer was too large' },
};

/** The short, localized reason of a state that is not ok (undefined when ok). */
function statusReason(status: Pick<LibraryStatus, 'state' | 'diagnostic' | 'skip'>): Bilingual | undefined {
  const d: Diagnostic | undefined = status.diagnostic;
  switch (status.state) {
    case 'ok':
      return undefined;
    case 'timeout':
      return (d && TIMEOUT_CODES[d.code]) ?? { zh: '超时未响应', en: 'no answer in time' };
    case 'suspended':
      return { zh: '暂停服务', en: 'service suspended' };
    case 'skipped':
      return status.skip ? { zh: status.skip.zh, en: status.skip.en } : { zh: '未检索', en: 'not searched' };
    case 'error': {
      if (!d) return { zh: '检索出错', en: 'search failed' };
      const known = ERROR_CODES[d.code];
      if (known) return known;
      if (d.source === 'http' && /^\d{3}$/u.test(d.code)) {
        return Number(d.code) >= 500 ? { zh: `服务器出错（HTTP ${d.code}）`, en: `server error (HTTP ${d.code})` } : { zh: `请求被拒绝（HTTP ${d.code}）`, en: `request refused (HTTP ${d.code})` };
      }
      if (d.source === 'srw') return { zh: `该馆返回诊断（SRU ${d.code}）`, en: `the library reported a diagnostic (SRU ${d.code})` };
      if (d.source === 'bib1') return { zh: `该馆返回诊断（Bib-1 ${d.code}）`, en: `the library reported a diagnostic (Bib-1 ${d.code})` };
      if (d.source === 'http') return { zh: '网络出错', en: 'network error' };
      return { zh: '检索出错', en: 'search failed' };
    }
  }
}

function publicDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, message: withoutAddresses(d.message) };
  if (d.addinfo !== undefined) {
    const addinfo = withoutAddresses(d.addinfo);
    if (addinfo === '' || addinfo === '…') delete out.addinfo;
    else out.addinfo = addinfo;
  }
  // An SRU diagnostic URI (info:srw/…) is a standard name, not an address; any other URI goes.
  if (d.uri !== undefined && !d.uri.startsWith('info:')) delete out.uri;
  return out;
}

export type PublicLibraryStatus = LibraryStatus & { reason?: Bilingual };

export function publicStatus(status: LibraryStatus): PublicLibraryStatus {
  const out: PublicLibraryStatus = { ...status, warnings: status.warnings.map(publicDiagnostic) };
  if (status.diagnostic) out.diagnostic = publicDiagnostic(status.diagnostic);
  const reason = statusReason(status);
  if (reason) out.reason = reason;
  return out;
}

export interface SearchSummary extends Bilingual {
  libraries: number;
  /** Answered (state ok), with or without hits. */
  answered: number;
  failed: number;
  timeout: number;
  error: number;
  suspended: number;
  skipped: number;
  /** Every library that was asked failed: the page must say so, never "no results". */
  allFailed: boolean;
}

export function searchSummary(statuses: readonly LibraryStatus[]): SearchSummary {
  const count = (state: LibraryStatus['state']) => statuses.filter((s) => s.state === state).length;
  const answered = count('ok');
  const timeout = count('timeout');
  const error = count('error');
  const failed = timeout + error;
  const parts: Bilingual[] = [];
  if (timeout > 0) parts.push({ zh: `${timeout} 个超时`, en: `${timeout} timed out` });
  if (error > 0) parts.push({ zh: `${error} 个出错`, en: `${error} failed` });
  const allFailed = answered === 0 && failed > 0;
  const zhList = parts.map((p) => p.zh).join('，');
  const enList = parts.map((p) => p.en).join(', ');
  const text: Bilingual = allFailed
    ? { zh: `没有检索成功的图书馆：${zhList}`, en: `No library answered: ${enList}` }
    : failed > 0
      ? { zh: `${answered} 个图书馆已响应，${failed} 个未能检索：${zhList}`, en: `${answered} libraries answered, ${failed} could not be searched: ${enList}` }
      : { zh: `${answered} 个图书馆已响应`, en: `${answered} libraries answered` };
  return { libraries: statuses.length, answered, failed, timeout, error, suspended: count('suspended'), skipped: count('skipped'), allFailed, ...text };
}
