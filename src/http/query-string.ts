/**
 * Strict reading of a raw query string (or one path segment): percent-escapes must be
 * well formed, the bytes they give must be UTF-8, and no control character may ride along.
 * Lenient decoders turn `%FF` into U+FFFD and search for it, or pass NUL on to a library;
 * here each of those is a problem naming the parameter. Separate from search-params.ts,
 * which deals with what a valid text means (fields, normalization), not whether it is text.
 */

export interface QueryProblem {
  parameter: string;
  detail: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0, DEL and C1 controls: never part of a title, name or identifier typed in a form.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

type Decoded = { ok: true; value: string } | { ok: false; detail: string };

/** Decodes one component (`+` is a space in a query string, not in a path). */
function decodeStrict(raw: string, plusIsSpace: boolean): Decoded {
  const text = plusIsSpace ? raw.replaceAll('+', ' ') : raw;
  if (!text.includes('%')) {
    return CONTROL.test(text) ? { ok: false, detail: 'contains a control character' } : { ok: true, value: text };
  }
  const bytes: number[] = [];
  const out: string[] = [];
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    try {
      out.push(utf8.decode(Uint8Array.from(bytes)));
    } catch {
      return false;
    }
    bytes.length = 0;
    return true;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c !== '%') {
      if (!flush()) return { ok: false, detail: 'percent-escapes that are not UTF-8' };
      out.push(c);
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, detail: `malformed percent-encoding at "${text.slice(i, i + 3)}"` };
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  if (!flush()) return { ok: false, detail: 'percent-escapes that are not UTF-8' };
  const value = out.join('');
  return CONTROL.test(value) ? { ok: false, detail: 'contains a control character' } : { ok: true, value };
}

/** A parameter name as shown in an error: decoded when possible, cut short. */
function shownName(raw: string): string {
  const decoded = decodeStrict(raw, true);
  const name = decoded.ok ? decoded.value : raw;
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

export interface DecodedQuery {
  pairs: [string, string][];
  problems: QueryProblem[];
}

/**
 * Pairs of a raw query string (without the `?`). `multi` names parameters that may repeat;
 * any other given twice is a problem (which value was meant is a guess); 'any' keeps every pair.
 */
export function decodeQueryString(raw: string, multi: ReadonlySet<string> | 'any' = new Set()): DecodedQuery {
  const pairs: [string, string][] = [];
  const problems: QueryProblem[] = [];
  const seen = new Set<string>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const name = decodeStrict(rawName, true);
    if (!name.ok) {
      problems.push({ parameter: shownName(rawName), detail: `the parameter name has ${name.detail}` });
      continue;
    }
    const value = decodeStrict(rawValue, true);
    if (!value.ok) {
      problems.push({ parameter: name.value, detail: value.detail.startsWith('contains') ? value.detail : `the value has ${value.detail}` });
      continue;
    }
    if (multi !== 'any' && seen.has(name.value) && !multi.has(name.value)) {
      if (!problems.some((p) => p.parameter === name.value)) problems.push({ parameter: name.value, detail: 'given more than once; give it once' });
      continue;
    }
    seen.add(name.value);
    pairs.push([name.value, value.value]);
  }
  return { pairs, problems };
}

/**
 * Path parameters: each `:name` segment of the first matching template must decode strictly.
 * Templates are like `/api/results/:id/records/:recordId`; a trailing `*` matches the rest.
 */
export function checkPathSegments(path: string, templates: readonly string[]): QueryProblem[] {
  const segments = path.split('/');
  const problems: QueryProblem[] = [];
  const template = templates.map((t) => t.split('/')).find((parts) => fits(parts, segments));
  segments.forEach((segment, i) => {
    const decoded = decodeStrict(segment, false);
    if (decoded.ok) return;
    const part = template?.[i];
    const parameter = part?.startsWith(':') ? part.slice(1) : 'path';
    problems.push({ parameter, detail: `the path segment ${decoded.detail}` });
  });
  return problems;
}

function fits(template: string[], segments: string[]): boolean {
  const open = template[template.length - 1] === '*';
  const fixed = open ? template.slice(0, -1) : template;
  if (open ? segments.length < fixed.length : segments.length !== fixed.length) return false;
  return fixed.every((part, i) => part.startsWith(':') || part === segments[i]);
}
