/**
 * Result sets as Redis keeps them, in two parts:
 *  - `body`: the set's own fields, its clusters and its source records, once. A cluster names its
 *    records by index and its holdings rows name their copies by index (they are the records'
 *    own copies), so nothing is stored twice; what the view computes (pages, facets) never is.
 *  - `marc`: each record's source MARC as a compact array, read only when something asks for a
 *    record's MARC (SRU, Z39.50, "show MARC"): most reads page and facet, and MARC was most of
 *    the decoding time.
 * Both are deflated at level 1 (off the search's path, see result-sets.ts); inflating is a small
 * part of a read.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Holding } from '../../holdings/model.ts';
import type { Cluster, LibraryHoldings } from '../../merge/types.ts';
import { keepMarcSource } from '../../records/lazy-marc.ts';
import type { BibRecord } from '../../records/model.ts';
import type { MarcField, MarcRecord } from '../../records/marc.ts';
import type { ResultSet } from '../../resultsets/store.ts';

const VERSION = 2;

/** A holdings row whose copies are indexes into the set's copies in record order (or, never expected, a copy kept whole). */
type StoredRow = Omit<LibraryHoldings, 'holdings'> & { holdings: (number | Holding)[] };
type StoredCluster = Omit<Cluster, 'records' | 'holdings'> & { records: number[]; holdings: StoredRow[] };

interface Head {
  v: number;
  set: Omit<ResultSet, 'records' | 'clusters'>;
  /** How many of the stored records are the set's; those after them are cluster records missing from the set's list (not expected, kept rather than lost). */
  own: number;
  /** Length of each record's slice of the MARC part; -1: the record has no MARC. */
  marc: number[];
  clusters: StoredCluster[];
}

export interface EncodedResultSet {
  body: Buffer;
  marc: Buffer;
}

/** Control field: [tag, value]; data field: [tag, ind1, ind2, code, value, code, value…]. */
type CompactField = string[];

function compactMarc(marc: MarcRecord): string {
  const out: (string | CompactField)[] = [marc.leader];
  for (const field of marc.fields) {
    if ('value' in field) out.push([field.tag, field.value]);
    else {
      const compact = [field.tag, field.ind1, field.ind2];
      for (const s of field.subfields) compact.push(s.code, s.value);
      out.push(compact);
    }
  }
  return JSON.stringify(out);
}

function expandMarc(text: string): MarcRecord {
  const [leader, ...fields] = JSON.parse(text) as [string, ...CompactField[]];
  return {
    leader,
    fields: fields.map((f): MarcField => {
      if (f.length === 2) return { tag: f[0]!, value: f[1]! };
      const subfields = [];
      for (let i = 3; i + 1 < f.length; i += 2) subfields.push({ code: f[i]!, value: f[i + 1]! });
      return { tag: f[0]!, ind1: f[1]!, ind2: f[2]!, subfields };
    }),
  };
}

export function encodeResultSet(set: ResultSet): EncodedResultSet {
  const { records, clusters, ...fields } = set;
  const index = new Map<BibRecord, number>();
  const all: BibRecord[] = [];
  const add = (record: BibRecord) => {
    if (!index.has(record)) index.set(record, all.push(record) - 1);
  };
  for (const r of records) add(r);
  for (const c of clusters) for (const r of c.records) add(r);
  const copies = new Map<Holding, number>();
  let copy = 0;
  for (const r of all) for (const h of r.holdings) copies.set(h, copy++);
  const marcLengths: number[] = [];
  const marcParts: string[] = [];
  const bare = all.map((record) => {
    const { marc, ...rest } = record;
    if (marc) {
      const text = compactMarc(marc);
      marcParts.push(text);
      marcLengths.push(text.length);
    } else marcLengths.push(-1);
    return rest;
  });
  const stored = clusters.map(({ records: members, holdings, ...rest }): StoredCluster => ({
    ...rest,
    records: members.map((r) => index.get(r)!),
    holdings: holdings.map((row) => ({ ...row, holdings: row.holdings.map((h) => copies.get(h) ?? h) })),
  }));
  const head: Head = { v: VERSION, set: fields, own: records.length, marc: marcLengths, clusters: stored };
  // JSON escapes every newline inside strings, so one separates the two documents.
  const body = `${JSON.stringify(head)}\n${JSON.stringify(bare)}`;
  return { body: deflateRawSync(body, { level: 1 }), marc: deflateRawSync(marcParts.join(''), { level: 1 }) };
}

export function decodeResultSet(encoded: EncodedResultSet): ResultSet {
  const text = inflateRawSync(encoded.body).toString('utf8');
  const split = text.indexOf('\n');
  const head = JSON.parse(text.slice(0, split)) as Head;
  if (head.v !== VERSION) throw new Error(`result set stored in format ${head.v}, this gateway reads ${VERSION}`);
  const all = JSON.parse(text.slice(split + 1)) as BibRecord[];
  let marcText: string | undefined;
  let offset = 0;
  for (const [i, length] of head.marc.entries()) {
    if (length < 0) continue;
    const start = offset;
    offset += length;
    // Expanded on first read (lazy-marc.ts); the set's MARC text is inflated once, for the first record read.
    keepMarcSource(all[i]!, {
      bytes: 64 + 2 * length,
      read: () => {
        marcText ??= inflateRawSync(encoded.marc).toString('utf8');
        return expandMarc(marcText.slice(start, start + length));
      },
    });
  }
  const copies: Holding[] = [];
  for (const r of all) for (const h of r.holdings) copies.push(h);
  const clusters = head.clusters.map(
    ({ records, holdings, ...rest }): Cluster => ({
      ...rest,
      records: records.map((i) => all[i]!),
      holdings: holdings.map((row) => ({ ...row, holdings: row.holdings.map((h) => (typeof h === 'number' ? copies[h]! : h)) })),
    }),
  );
  return { ...head.set, records: all.slice(0, head.own), clusters };
}
