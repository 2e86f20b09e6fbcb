/**
 * Reads a config file and validates it: common fields here, each library's
 * `settings` by its own adapter's schema, after layering the kind's `defaults` under it. Errors name the file, the library id and the field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AdapterRegistry } from '../adapter-api/contract.ts';
import { layer } from './layers.ts';
import { fileSchema, libraryCommonSchema, type GatewayConfig, type LibraryConfig } from './schema.ts';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`invalid configuration ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

export function issuesToText(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = pathText(issue.path);
    return `${prefix}${where ? `${prefix ? '.' : ''}${where}` : ''}: ${issue.message}`;
  });
}

export function loadConfigFile(file: string, registry: AdapterRegistry): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(file, [`cannot read JSON: ${(err as Error).message}`]);
  }
  return parseConfig(raw, file, registry);
}

export function parseConfig(raw: unknown, file: string, registry: AdapterRegistry): GatewayConfig {
  const top = fileSchema.safeParse(raw);
  if (!top.success) throw new ConfigError(file, issuesToText('', top.error));

  const problems: string[] = [];
  const libraries: LibraryConfig[] = [];
  const seen = new Set<string>();
  const defaults = top.data.defaults ?? {};
  for (const kind of Object.keys(defaults)) {
    if (!registry.has(kind)) problems.push(`defaults.${kind}: unknown adapter "${kind}" (known: ${[...registry.keys()].join(', ')})`);
  }

  top.data.libraries.forEach((entry, index) => {
    const id = typeof entry === 'object' && entry !== null && 'id' in entry ? String((entry as { id: unknown }).id) : '?';
    const where = `libraries[${index}] (id "${id}")`;
    if (typeof entry === 'object' && entry !== null && 'simulate' in entry) {
      problems.push(`${where}.simulate: simulated libraries belong to the demo (npm start, src/demo); a production config may not have a simulate block`);
      return;
    }
    const adapter = typeof entry === 'object' && entry !== null && 'adapter' in entry ? String((entry as { adapter: unknown }).adapter) : undefined;
    const kindDefaults = adapter === undefined ? undefined : defaults[adapter];
    // A field a kind's defaults set but the library got wrong is named as the library's: it is its effective setting.
    const common = libraryCommonSchema.safeParse(kindDefaults ? layer(kindDefaults, entry) : entry);
    if (!common.success) {
      problems.push(...issuesToText(where, common.error));
      return;
    }
    const lib = common.data;
    if (seen.has(lib.id)) problems.push(`${where}.id: duplicate library id`);
    seen.add(lib.id);

    const descriptor = registry.get(lib.adapter);
    if (!descriptor) {
      problems.push(`${where}.adapter: unknown adapter "${lib.adapter}" (known: ${[...registry.keys()].join(', ')})`);
      return;
    }
    const settings = descriptor.settingsSchema.safeParse(lib.settings ?? {});
    if (!settings.success) {
      problems.push(...issuesToText(`${where}.settings`, settings.error));
      return;
    }
    libraries.push({ ...lib, settings: settings.data });
  });

  for (const lib of libraries) {
    const lender = lib.ill.lenderLibrary;
    if (lender === undefined) continue;
    const where = `libraries[${top.data.libraries.findIndex((e) => (e as { id?: unknown }).id === lib.id)}] (id "${lib.id}").ill.lenderLibrary`;
    if (lender === lib.id) problems.push(`${where}: names the library itself; leave it out`);
    else if (!libraries.some((l) => l.id === lender)) problems.push(`${where}: no library "${lender}" in this config`);
  }
  for (const lib of libraries) {
    const union = lib.service.followUnion;
    if (union === undefined) continue;
    const where = `libraries[${top.data.libraries.findIndex((e) => (e as { id?: unknown }).id === lib.id)}] (id "${lib.id}").service.followUnion`;
    if (union === lib.id) problems.push(`${where}: a library cannot follow itself`);
    else if (!libraries.some((l) => l.id === union)) problems.push(`${where}: no library "${union}" in this config`);
  }

  if (problems.length > 0) throw new ConfigError(file, problems);
  return { file, gateway: top.data.gateway, libraries };
}
