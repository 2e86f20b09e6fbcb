/**
 * `--check-config` warnings for libraries whose adapter caps the records of one search
 * below the gateway's recordsPerLibrary: the reader would see "fetched 50 of 86" without
 * knowing why, so the operator is told before starting.
 */
import type { AdapterRegistry } from '../adapter-api/contract.ts';
import type { GatewayConfig } from './schema.ts';

export function recordCapWarnings(config: GatewayConfig, registry: AdapterRegistry): string[] {
  const wanted = config.gateway.recordsPerLibrary;
  const out: string[] = [];
  for (const library of config.libraries) {
    const cap = registry.get(library.adapter)?.recordCap?.(library.settings);
    if (cap !== undefined && cap < wanted) {
      out.push(`warning: library "${library.id}": settings.maxRecords ${cap} is below gateway.recordsPerLibrary ${wanted}; its searches stop at ${cap} records (the status says "this library's cap")`);
    }
  }
  return out;
}
