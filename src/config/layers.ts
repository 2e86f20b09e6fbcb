/**
 * Settings in layers, the way Pazpar2 layers its settings: built-in defaults (the schemas'),
 * then per adapter kind (`defaults: { "z3950": { "timeoutMs": 8000, "settings": { … } } }`),
 * then the library's own. Objects merge key by key; arrays and plain values replace.
 */
import { z } from 'zod';

/** What a kind's defaults may set: anything but the library's identity. */
const kindDefaultsSchema = z
  .object({
    timeoutMs: z.unknown().optional(),
    interceptors: z.unknown().optional(),
    ill: z.unknown().optional(),
    vocabulary: z.unknown().optional(),
    holdingsFields: z.unknown().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const defaultsSchema = z.record(z.string(), kindDefaultsSchema);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` on top of `under`: nested objects merge, everything else replaces. */
export function layer(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) merged[key] = layer(under[key], value);
  return merged;
}
