/**
 * The demo overlay on the config: a library's `simulate` block (what its simulated server
 * serves). Only the demo and the tests read it; the core schema refuses it, so a production
 * config can never start a simulator.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AdapterRegistry } from '../adapter-api/contract.ts';
import { ConfigError, issuesToText, parseConfig } from '../config/load.ts';
import type { GatewayConfig, LibraryConfig } from '../config/schema.ts';
import { SEARCH_FIELDS } from '../query/model.ts';

export const simulateSchema = z
  .object({
    /** Added to every answer: a number, or [min, max] for a spread. */
    latencyMs: z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]).default(0),
    /** Which selection of the fixture catalogue the simulator serves: default (all) or japanese. */
    catalogue: z.enum(['default', 'japanese']).default('default'),
    /** Institution code of this library's copies in the fixture records (852/905 $a); default: the id in capitals. */
    institution: z.string().trim().min(1).optional(),
    /** Fraction of catalogue records this library holds (deterministic by id). */
    share: z.number().min(0).max(1).default(0.7),
    /**
     * init-reject: a Z39.50 target refusing the Init; an SRU simulator answers it with HTTP 500.
     * wrong-charset (a charset label that is not the bytes'), auth-rejected (the target refuses
     * who we are: 401, login page, refused Init) and rate-limited (429 with Retry-After) are
     * the contract suite's shared faults; each simulator's launcher maps them to its own
     * (test/adapters/contract.test.ts lists the ones a protocol cannot have).
     */
    /** Indexes the simulated library has none of (its explain, Init probes and search form leave them out). */
    lacks: z.array(z.enum(SEARCH_FIELDS)).default([]),
    fault: z.enum(['none', 'hang', 'http500', 'garbage', 'html', 'truncated', 'diagnostic', 'reset', 'init-reject', 'wrong-charset', 'auth-rejected', 'rate-limited']).default('none'),
  })
  .strict();
export type SimulateConfig = z.infer<typeof simulateSchema>;

export type DemoLibraryConfig = LibraryConfig & { simulate?: SimulateConfig };
export interface DemoConfig extends GatewayConfig {
  libraries: DemoLibraryConfig[];
}

/** The core config plus each library's `simulate` block, errors named like the core's. */
export function parseDemoConfig(raw: unknown, file: string, registry: AdapterRegistry): DemoConfig {
  const simulate = new Map<number, SimulateConfig>();
  const problems: string[] = [];
  let core: unknown = raw;
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as { libraries?: unknown }).libraries)) {
    const libraries = (raw as { libraries: unknown[] }).libraries.map((entry, index) => {
      if (typeof entry !== 'object' || entry === null || !('simulate' in entry)) return entry;
      const { simulate: block, ...rest } = entry as { simulate: unknown };
      const parsed = simulateSchema.safeParse(block);
      const id = 'id' in rest ? String((rest as { id: unknown }).id) : '?';
      if (parsed.success) simulate.set(index, parsed.data);
      else problems.push(...issuesToText(`libraries[${index}] (id "${id}").simulate`, parsed.error));
      return rest;
    });
    core = { ...(raw as object), libraries };
  }
  let config: GatewayConfig;
  try {
    config = parseConfig(core, file, registry);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(file, [...error.problems, ...problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  // parseConfig keeps the file's order when every library is valid.
  return { ...config, libraries: config.libraries.map((library, index) => ({ ...library, ...(simulate.has(index) ? { simulate: simulate.get(index) } : {}) })) };
}

export function loadDemoConfigFile(file: string, registry: AdapterRegistry): DemoConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(file, [`cannot read JSON: ${(err as Error).message}`]);
  }
  return parseDemoConfig(raw, file, registry);
}
