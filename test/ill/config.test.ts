import { describe, expect, it } from 'vitest';
import { gatewaySchema } from '../../src/config/schema.ts';
import { gatewayRecordSource, resultSetClusters } from '../../src/ill/record-source.ts';
import { illSettings } from '../../src/ill/setup.ts';
import { fakeGateway, oneCluster, resultSet, seedRecords } from './fixtures.ts';

describe('gateway.ill config block', () => {
  it('is optional and fills every default', () => {
    expect(illSettings({ gateway: gatewaySchema.parse({}) })).toEqual({
      requestingAgencyId: 'BALIS-GATEWAY',
      agencyIdType: 'BALIS',
      barcodePattern: '^[0-9A-Za-z-]{1,32}$',
      dataDir: 'data',
      includePatronInIso18626: false,
      iso18626Version: '1.2',
    });
  });

  it('takes the BALIS endpoint and names the field at fault', () => {
    const ok = gatewaySchema.parse({ ill: { requestingAgencyId: 'BUPT', balis: { url: 'http://127.0.0.1:9/union/request' } } });
    expect(ok.ill?.balis).toEqual({ url: 'http://127.0.0.1:9/union/request', timeoutMs: 15_000 });
    const bad = gatewaySchema.safeParse({ ill: { barcodePattern: '([', includePatronInIso18626: 'yes', surprise: 1 } });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['ill.barcodePattern', 'ill.includePatronInIso18626', 'ill']));
  });
});

describe('default record source', () => {
  const gateway = fakeGateway([resultSet('rs1', seedRecords())]);

  it('resolves a record to its cluster when the merge index knows it', async () => {
    const resolved = await gatewayRecordSource(gateway, oneCluster).resolve({ kind: 'record', resultSetId: 'rs1', recordId: 'pku:000123' });
    expect(resolved).toMatchObject({ recordId: 'pku:000123', clusterId: 'c1', resultSetId: 'rs1' });
    expect('records' in resolved && resolved.records.length).toBe(3);
  });

  it('without a merge index: one record, and clusters are reported unavailable', async () => {
    const source = gatewayRecordSource(gateway);
    const one = (await source.resolve({ kind: 'record', recordId: 'pku:000123' }));
    expect('records' in one && one.records.map((r) => r.id)).toEqual(['pku:000123']);
    expect((await source.resolve({ kind: 'cluster', resultSetId: 'rs1', clusterId: 'c1' }))).toEqual({ missing: 'clusterSupport' });
    expect((await source.resolve({ kind: 'cluster', resultSetId: 'old', clusterId: 'c1' }))).toEqual({ missing: 'resultSet' });
  });

  it('reads the clusters src/merge keeps on the result set, by shape', async () => {
    const records = seedRecords();
    const kept = fakeGateway([resultSet('rs2', records, [{ id: 'w1', records: records.slice(0, 2) }])]);
    const source = gatewayRecordSource(kept, resultSetClusters);
    const cluster = (await source.resolve({ kind: 'cluster', resultSetId: 'rs2', clusterId: 'w1' }));
    expect('records' in cluster && cluster.records.map((r) => r.id)).toEqual(['shl:b1166587', 'pku:000123']);
    expect((await source.resolve({ kind: 'record', resultSetId: 'rs2', recordId: 'shl:b1166587' }))).toMatchObject({ clusterId: 'w1' });
    expect((await source.resolve({ kind: 'record', resultSetId: 'rs2', recordId: 'ruc:r77' }))).not.toHaveProperty('clusterId');
    expect((await source.resolve({ kind: 'cluster', resultSetId: 'rs2', clusterId: 'nope' }))).toEqual({ missing: 'cluster' });
  });
});
