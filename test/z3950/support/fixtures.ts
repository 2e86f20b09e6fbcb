/** Loads APDUs captured by test/adapters/z3950/support/capture.ts from fixtures/z3950/<case>/apdus.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CapturedApdu {
  dir: 'c2s' | 's2c';
  bytes: Buffer;
}

const ROOT = join(import.meta.dirname, '../../../fixtures/z3950');

export function loadCase(name: string): CapturedApdu[] {
  const data = JSON.parse(readFileSync(join(ROOT, name, 'apdus.json'), 'utf8')) as { apdus: { dir: 'c2s' | 's2c'; hex: string }[] };
  return data.apdus.map((a) => ({ dir: a.dir, bytes: Buffer.from(a.hex, 'hex') }));
}

/** The first captured APDU in a direction whose first byte is `firstByte` (e.g. 0xb9 PresentResponse). */
export function apdu(name: string, dir: 'c2s' | 's2c', firstByte: number): Buffer {
  const found = loadCase(name).find((a) => a.dir === dir && a.bytes[0] === firstByte);
  if (!found) throw new Error(`no ${dir} APDU 0x${firstByte.toString(16)} in fixture ${name}`);
  return found.bytes;
}

export const CASES = ['usmarc-find-12', 'opac-present', 'diag-109', 'present-13', 'bigint-count', 'boolean-query', 'idpass-auth', 'xml-present', 'grs1-surrogate'];
