/**
 * Sorting, in one normalized shape whether it came as CQL 1.2 `sortBy` or as
 * the SRU 1.1 `sortKeys` parameter (`path,schema,ascending,caseSensitive,missingValue`).
 */
import type { SearchField } from '../model.ts';
import type { CqlSortSpec } from './ast.ts';
import { CqlSyntaxError, SRU_DIAGNOSTIC } from './errors.ts';

type SortMissing = 'high' | 'low' | 'fail' | 'omit' | { value: string };

export interface SortKey {
  /** The index as written in sortBy, or the sortKeys path. */
  index: string;
  /** The gateway field, when the index map knows the index. */
  field?: SearchField;
  direction: 'ascending' | 'descending';
  /** Only when the query said so (`respectCase`/`ignoreCase`, or sortKeys' flag). */
  caseSensitive?: boolean;
  missing?: SortMissing;
}

type SruMissingValue = 'abort' | 'highValue' | 'lowValue' | 'omit' | { value: string };

/** One key of the SRU 1.1 `sortKeys` parameter, defaults filled in. */
export interface SruSortKey {
  path: string;
  schema?: string;
  ascending: boolean;
  caseSensitive: boolean;
  missingValue: SruMissingValue;
}

/**
 * sortBy key → SortKey. Modifiers are read with or without the `sort.` prefix
 * (`/sort.descending`, `/descending`); others (locale, unicodeCollate ...)
 * only tune collation and are left to the target.
 */
export function sortSpecToSortKey(spec: CqlSortSpec, field: SearchField | undefined): SortKey {
  const key: SortKey = { index: spec.index.name, direction: 'ascending' };
  if (field !== undefined) key.field = field;
  for (const modifier of spec.modifiers) {
    switch (modifier.localName.toLowerCase()) {
      case 'ascending':
        key.direction = 'ascending';
        break;
      case 'descending':
        key.direction = 'descending';
        break;
      case 'respectcase':
        key.caseSensitive = true;
        break;
      case 'ignorecase':
        key.caseSensitive = false;
        break;
      case 'missinghigh':
        key.missing = 'high';
        break;
      case 'missinglow':
        key.missing = 'low';
        break;
      case 'missingfail':
        key.missing = 'fail';
        break;
      case 'missingomit':
        key.missing = 'omit';
        break;
      case 'missingvalue':
        if (modifier.value !== undefined) key.missing = { value: modifier.value };
        break;
      default:
        break;
    }
  }
  return key;
}

export function sruSortKeyToSortKey(sruKey: SruSortKey, field: SearchField | undefined): SortKey {
  const key: SortKey = {
    index: sruKey.path,
    direction: sruKey.ascending ? 'ascending' : 'descending',
    caseSensitive: sruKey.caseSensitive,
  };
  if (field !== undefined) key.field = field;
  const mv = sruKey.missingValue;
  key.missing =
    typeof mv === 'object' ? mv : mv === 'abort' ? 'fail' : mv === 'highValue' ? 'high' : mv === 'lowValue' ? 'low' : 'omit';
  return key;
}

interface RawPart {
  text: string;
  position: number;
  quoted: boolean;
}

/** Parses `sortKeys` (SRU 1.1); errors are diagnostic 6 (unsupported parameter value). */
export function parseSruSortKeys(parameter: string): SruSortKey[] {
  return splitKeys(parameter).map((parts) => sruKeyFromParts(parts));
}

/** The inverse of parseSruSortKeys; trailing fields equal to their default are left out. */
export function formatSruSortKeys(keys: readonly SruSortKey[]): string {
  const defaults = ['', '', '1', '0', 'highValue'];
  return keys
    .map((key) => {
      const mv = key.missingValue;
      const fields = [
        key.path,
        key.schema ?? '',
        key.ascending ? '1' : '0',
        key.caseSensitive ? '1' : '0',
        typeof mv === 'object' ? `"${mv.value.replace(/["\\]/g, (c) => `\\${c}`)}"` : mv,
      ];
      while (fields.length > 1 && fields.at(-1) === defaults[fields.length - 1]) fields.pop();
      return fields.join(',');
    })
    .join(' ');
}

function sruKeyFromParts(parts: RawPart[]): SruSortKey {
  const [path, schema, ascending, caseSensitive, missingValue, extra] = parts;
  if (path === undefined || path.text === '') {
    throw sortKeysError('A sort key needs a path', path?.position ?? 0);
  }
  if (extra !== undefined) throw sortKeysError('A sort key has at most five fields', extra.position);
  const key: SruSortKey = {
    path: path.text,
    ascending: flag(ascending, true),
    caseSensitive: flag(caseSensitive, false),
    missingValue: missing(missingValue),
  };
  if (schema !== undefined && schema.text !== '') key.schema = schema.text;
  return key;
}

function flag(part: RawPart | undefined, fallback: boolean): boolean {
  if (part === undefined || part.text === '') return fallback;
  if (part.text === '1') return true;
  if (part.text === '0') return false;
  throw sortKeysError(`Expected 1 or 0, found "${part.text}"`, part.position);
}

function missing(part: RawPart | undefined): SruMissingValue {
  if (part === undefined || (part.text === '' && !part.quoted)) return 'highValue';
  if (part.quoted) return { value: part.text };
  if (part.text === 'abort' || part.text === 'highValue' || part.text === 'lowValue' || part.text === 'omit') return part.text;
  throw sortKeysError(`Unknown missingValue "${part.text}" (abort, highValue, lowValue, omit or a quoted value)`, part.position);
}

/** Keys are separated by whitespace, fields by commas; double quotes protect both. */
function splitKeys(parameter: string): RawPart[][] {
  const keys: RawPart[][] = [];
  let parts: RawPart[] = [];
  let current: RawPart | undefined;
  const flushPart = (position: number): void => {
    parts.push(current ?? { text: '', position, quoted: false });
    current = undefined;
  };
  for (let i = 0; i < parameter.length; i++) {
    const ch = parameter.charAt(i);
    if (/\s/.test(ch)) {
      if (current !== undefined || parts.length > 0) {
        flushPart(i);
        keys.push(parts);
        parts = [];
      }
    } else if (ch === ',') {
      flushPart(i);
    } else if (ch === '"') {
      const start = i;
      let text = '';
      for (i++; i < parameter.length && parameter.charAt(i) !== '"'; i++) {
        if (parameter.charAt(i) === '\\') i++;
        text += parameter.charAt(i);
      }
      if (i >= parameter.length) {
        throw new CqlSyntaxError(SRU_DIAGNOSTIC.unbalancedQuotes, 'Unbalanced quotes in sortKeys', start, 'sortKeys');
      }
      current = { text: (current?.text ?? '') + text, position: current?.position ?? start, quoted: true };
    } else {
      current = { text: (current?.text ?? '') + ch, position: current?.position ?? i, quoted: current?.quoted ?? false };
    }
  }
  if (current !== undefined || parts.length > 0) {
    flushPart(parameter.length);
    keys.push(parts);
  }
  if (keys.length === 0) throw sortKeysError('Empty sortKeys parameter', 0);
  return keys;
}

function sortKeysError(message: string, position: number): CqlSyntaxError {
  return new CqlSyntaxError(SRU_DIAGNOSTIC.unsupportedParameterValue, `Invalid sortKeys: ${message}`, position, 'sortKeys');
}
