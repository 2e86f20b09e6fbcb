/**
 * The one list of adapters. Only start-up code imports it; the core knows adapters
 * only through this registry.
 */
import type { AdapterRegistry, AnyAdapterDescriptor } from '../src/adapter-api/contract.ts';
import { sruAdapter } from './sru/index.ts';
import { z3950Adapter } from './z3950/index.ts';

const descriptors: AnyAdapterDescriptor[] = [sruAdapter, z3950Adapter];

export const adapterRegistry: AdapterRegistry = new Map(descriptors.map((d) => [d.kind, d]));
