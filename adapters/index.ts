/**
 * The one list of adapters. Only start-up code imports it; the core knows adapters
 * only through this registry.
 */
import type { AdapterRegistry, AnyAdapterDescriptor } from '../src/adapter-api/contract.ts';
import { ipacAdapter } from './ipac/index.ts';
import { sruAdapter } from './sru/index.ts';
import { z3950Adapter } from './z3950/index.ts';
import { jpCatalogueAdapter } from './jp-catalogue/index.ts';
import { balisAdapter } from './balis/index.ts';

const descriptors: AnyAdapterDescriptor[] = [sruAdapter, z3950Adapter, jpCatalogueAdapter, balisAdapter, ipacAdapter];

export const adapterRegistry: AdapterRegistry = new Map(descriptors.map((d) => [d.kind, d]));

/** Where confirmed ILL drafts are submitted (the BALIS ILL request form). */
export { balisIllSubmission as illSubmission } from './balis-ill/index.ts';
