/**
 * The seed's case as test data: "The Cambridge history of China" v.7 at the Shanghai Library
 * (上海图书馆, lender code 123114, copy 54122100517423, 归还 / 参考外借资料), the same book at
 * Peking University, a suspended member, and the reader 仝卫敏 (barcode 07063).
 */
import { accessLog } from '../../src/http/access-log.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { gatewaySchema, type LibraryConfig } from '../../src/config/schema.ts';
import { buildHolding } from '../../src/holdings/build.ts';
import type { Logger } from '../../src/logging.ts';
import { silentLogger } from '../../src/logging.ts';
import type { BibRecord } from '../../src/records/model.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import type { ClusterIndex } from '../../src/ill/record-source.ts';
import { openIll, type Ill, type IllDeps } from '../../src/ill/setup.ts';
import type { IllSettings } from '../../src/config/schema.ts';
import type { SubmissionAdapter } from '../../src/ill/submission.ts';
import { testLibrary } from '../helpers/libraries.ts';

export const shl = testLibrary('shl', {
  name: { zh: '上海图书馆', en: 'Shanghai Library' },
  ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] },
});
const pku = testLibrary('pku', { name: { zh: '北京大学图书馆', en: 'Peking University Library' }, ill: { lenderCode: '100871' } });
const ruc = testLibrary('ruc', {
  name: { zh: '中国人民大学图书馆', en: 'Renmin University Library' },
  service: { status: 'suspended', notice: { zh: '中国人民大学图书馆暂停馆际互借服务', en: 'ILL suspended' } },
});
export const LIBRARIES: LibraryConfig[] = [shl, pku, ruc];

export const SEED_ROW = {
  branch: '上海图书馆',
  location: '综合阅览室-1楼',
  callNumber: 'K20/C178/v.7/',
  statusText: '归还',
  collectionType: '参考外借资料',
  barcode: '54122100517423',
};

export const READER = { readerBarcode: '07063', readerName: '仝卫敏', recipientName: '仝卫敏', email: 'weimin21c@163.com', phone: '010-62282828' };

function record(library: string, localId: string, extra: Partial<BibRecord>): BibRecord {
  return {
    id: `${library}:${localId}`,
    library,
    localId,
    format: 'ipac',
    title: 'The Cambridge History of China',
    sortTitle: 'Cambridge History of China',
    partNumber: 'v.7',
    partName: 'The Ming Dynasty, 1368-1644',
    authors: [
      { name: 'Twitchett, Denis Crispin.', kind: 'personal' },
      { name: 'Fairbank, John King,', kind: 'personal' },
      { name: 'Mote, Frederick W.', kind: 'personal' },
    ],
    place: 'Cambridge',
    publisher: 'Cambridge University Press',
    year: 1988,
    yearText: '1988',
    series: [],
    languages: ['eng'],
    languageNames: ['英文'],
    isbns: [],
    issns: [],
    otherIds: [],
    materialType: '图书',
    subjects: ['China -- History.'],
    classifications: [],
    notes: [],
    contents: [],
    links: [],
    holdings: [],
    warnings: [],
    ...extra,
  };
}

/** Shanghai: the seed copy (eligible) then a copy on loan; Peking: one copy on the shelf; Renmin (suspended): one copy. */
export function seedRecords(): BibRecord[] {
  return [
    record('shl', 'b1166587', {
      holdings: [buildHolding(SEED_ROW, shl), buildHolding({ ...SEED_ROW, barcode: '54122100517424', statusText: '借出', dueDate: '2026-12-10' }, shl)],
    }),
    record('pku', '000123', {
      isbns: [{ original: '0-521-24332-7', isbn13: '9780521243322', valid: true }],
      holdings: [buildHolding({ branch: '总馆', location: '外文书库', callNumber: 'K248/C178', statusText: '在架', barcode: 'PKU0001' }, pku)],
    }),
    record('ruc', 'r77', { holdings: [buildHolding({ branch: '总馆', statusText: '在架', barcode: 'RUC01' }, ruc)] }),
  ];
}

/** `clusters` given = kept on the set the way src/merge keeps them (read by shape in record-source.ts). */
export function resultSet(id: string, records: BibRecord[], clusters: { id: string; records: BibRecord[] }[] = []): ResultSet {
  const query = { kind: 'term', index: 'title', value: 'x' } as unknown as ResultSet['query'];
  const set = { id, key: id, query, libraries: ['shl', 'pku', 'ruc'], createdAt: '2025-01-15T02:00:00.000Z', elapsedMs: 1, statuses: [], records };
  // Partial clusters on purpose: only the id + records the ILL source reads, whatever else a Cluster grows.
  return Object.assign(set, { clusters }) as unknown as ResultSet;
}

/** A stand-in for the Gateway: the libraries, kept result sets and record lookup. */
export function fakeGateway(sets: ResultSet[], libraries: LibraryConfig[] = LIBRARIES, ill: Partial<IllSettings> = {}) {
  const byId = new Map(sets.map((s) => [s.id, s]));
  return {
    config: { gateway: gatewaySchema.parse({ ill }) },
    libraries,
    library: (id: string) => libraries.find((l) => l.id === id),
    resultSet: (id: string) => byId.get(id),
    findRecord: (recordId: string) => {
      for (const set of byId.values()) {
        const hit = set.records.find((r) => r.id === recordId);
        if (hit) return { resultSet: set, record: hit };
      }
      return undefined;
    },
  };
}

/** The whole result set as one cluster "c1": what src/merge will supply. */
export const oneCluster: ClusterIndex = {
  cluster: (set, id) => (id === 'c1' ? { id: 'c1', records: set.records } : undefined),
  clusterOf: (set) => ({ id: 'c1', records: set.records }),
};

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ill-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const FIXED_NOW = new Date('2025-01-15T02:30:00.000Z');

export interface TestApi {
  url: string;
  ill: Ill;
  close(): Promise<void>;
}

export async function startIllApi(options: { dataDir: string; logger?: Logger; submission?: SubmissionAdapter; settings?: Partial<IllSettings>; sets?: ResultSet[]; recheckCopy?: IllDeps['gateway']['recheckCopy'] }): Promise<TestApi> {
  const ill = openIll({
    gateway: { ...fakeGateway(options.sets ?? [resultSet('rs1', seedRecords())]), ...(options.recheckCopy ? { recheckCopy: options.recheckCopy } : {}) },
    logger: options.logger ?? silentLogger(),
    clusters: oneCluster,
    settings: { dataDir: options.dataDir, ...options.settings },
    clock: () => FIXED_NOW,
    ...(options.submission ? { submission: options.submission } : {}),
  });
  const app = express();
  // Request ids as the gateway's app gives them (passed on to BALIS with a submission).
  app.use(accessLog(silentLogger()));
  // Signed in as a librarian unless a test names another caller (X-Test-User, X-Test-Role: reader|anonymous).
  app.use((req, res, next) => {
    const role = req.headers['x-test-role'] ?? 'librarian';
    if (role !== 'anonymous') res.locals.principal = { id: String(req.headers['x-test-user'] ?? 'test-librarian'), roles: new Set(role === 'librarian' ? ['reader', 'librarian'] : ['reader']), via: 'test' };
    next();
  });
  app.use('/api/ill', ill.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/ill`,
    ill,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      ill.close();
    },
  };
}

/** Confirms duplicates: these tests draft the seed volume many times for one reader (the duplicate check: duplicates.test.ts). */
export function draftBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resultSetId: 'rs1', recordId: 'shl:b1166587', lender: 'shl', reader: { ...READER }, confirmDuplicate: true, ...extra };
}
