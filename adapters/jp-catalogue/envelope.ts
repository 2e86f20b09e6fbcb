/**
 * The search answer of the Japanese catalogue (assumed format, README): a small XML
 * envelope with the hit count, the ids on this page and a link to their ISO 2709 export.
 *
 *   <jpcat status="ok"><hits>12</hits><start>1</start>
 *     <records><record id="shljp-00001"/>…</records>
 *     <export href="export?ids=shljp-00001,…&amp;format=iso2709"/></jpcat>
 *   <jpcat status="error"><error code="bad-field">…</error></jpcat>
 */
import { XMLParser } from 'fast-xml-parser';
import { xmlNestingDepth } from '../../src/adapter-api/xml-nesting.ts';

export interface JpEnvelope {
  hits: number;
  start: number;
  ids: string[];
  /** Relative or absolute link to the page's records; absent when the page is empty. */
  exportHref?: string;
}

export class EnvelopeError extends Error {
  readonly code: string;
  /** The catalogue said so itself (status="error"), rather than sending something unreadable. */
  readonly fromTarget: boolean;
  constructor(code: string, message: string, fromTarget: boolean) {
    super(message);
    this.name = 'EnvelopeError';
    this.code = code;
    this.fromTarget = fromTarget;
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'record',
});

type Node = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return undefined;
}

function count(value: unknown, name: string): number {
  const raw = text(value);
  if (raw === undefined || !/^\d+$/.test(raw)) throw new EnvelopeError('bad-envelope', `<${name}> is missing or not a number`, false);
  return Number(raw);
}

/** The envelope is a few levels deep and small; past these it is not the catalogue's answer. */
export const ENVELOPE_LIMITS = { MAX_ENVELOPE_LENGTH: 4 * 1024 * 1024, MAX_ENVELOPE_DEPTH: 32 } as const;

export function parseEnvelope(xml: string): JpEnvelope {
  if (xml.length > ENVELOPE_LIMITS.MAX_ENVELOPE_LENGTH) throw new EnvelopeError('bad-envelope', `answer longer than ${ENVELOPE_LIMITS.MAX_ENVELOPE_LENGTH} characters (MAX_ENVELOPE_LENGTH)`, false);
  if (xmlNestingDepth(xml, ENVELOPE_LIMITS.MAX_ENVELOPE_DEPTH) > ENVELOPE_LIMITS.MAX_ENVELOPE_DEPTH) {
    throw new EnvelopeError('bad-envelope', `elements nested more than ${ENVELOPE_LIMITS.MAX_ENVELOPE_DEPTH} deep (MAX_ENVELOPE_DEPTH)`, false);
  }
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new EnvelopeError('bad-xml', `not well-formed XML: ${(error as Error).message.split('\n')[0]}`, false);
  }
  const root = doc.jpcat as Node | undefined;
  if (!root || typeof root !== 'object') throw new EnvelopeError('bad-envelope', 'no <jpcat> root element', false);
  if (root['@status'] === 'error') {
    const error = root.error as Node | string | undefined;
    const code = typeof error === 'object' && error ? String(error['@code'] ?? 'error') : 'error';
    throw new EnvelopeError(code, text(error) || 'the catalogue reported an error', true);
  }
  const records = ((root.records as Node | undefined)?.record as Node[] | undefined) ?? [];
  const ids = records.map((r) => String(r['@id'] ?? '')).filter((id) => id !== '');
  const envelope: JpEnvelope = { hits: count(root.hits, 'hits'), start: root.start === undefined ? 1 : count(root.start, 'start'), ids };
  const href = (root.export as Node | undefined)?.['@href'];
  if (typeof href === 'string' && href !== '') envelope.exportHref = href;
  return envelope;
}
