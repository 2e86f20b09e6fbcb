/**
 * Child process of bench/gateway.ts and bench/sru.ts: runs the gateway alone in its own
 * process, so process.cpuUsage() here is the gateway's CPU and nothing else (the benches'
 * clients and Zebra run elsewhere). Messages: parent sends 'cpu' → { cpu: microseconds
 * user+system so far, mainThreadMs: the main thread's share in ms (Linux) }; 'close' → closes and
 * exits. Sends { url, z3950Port? } once listening.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterRegistry } from '../adapters/index.ts';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/logging.ts';
import { startGateway } from '../src/server.ts';
import { threadCpuMs } from './process-cpu.ts';

const config = parseConfig(JSON.parse(process.env.BENCH_GATEWAY_CONFIG ?? '{}'), 'bench', adapterRegistry);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
const gateway = await startGateway({ config, registry: adapterRegistry, logger: silentLogger(), port: 0, ill: { dataDir } });

// BENCH_ALLOC_FILE: V8's sampling heap profiler from here to close, collected objects included (what is allocated, not what stays).
const allocFile = process.env.BENCH_ALLOC_FILE;
const inspector = allocFile ? new Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => inspector?.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
if (inspector) {
  inspector.connect();
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

async function close(): Promise<void> {
  if (allocFile) writeFileSync(allocFile, JSON.stringify(((await post('HeapProfiler.stopSampling')) as { profile: unknown }).profile));
  await gateway.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system, mainThreadMs: threadCpuMs(process.pid) });
  } else if (message === 'close') void close();
});
process.on('disconnect', () => void close());
process.send?.({ url: gateway.url, ...(gateway.z3950 ? { z3950Port: gateway.z3950.port } : {}) });
