/**
 * yaz-marcdump as the reference implementation for round-trip tests. Missing binary:
 * tests skip with the reason, unless REQUIRE_PEERS=1 (CI images that must have YAZ).
 */
import { spawnSync } from 'node:child_process';
import type { MarcField, MarcRecord } from '../../src/records/marc.ts';

export const hasYaz = spawnSync('yaz-marcdump', ['-V']).status === 0;
export const requirePeers = process.env.REQUIRE_PEERS === '1';
export const yazSkipReason = 'yaz-marcdump not installed (apt-get install yaz); set REQUIRE_PEERS=1 to make this a failure';

type YazField = Record<string, string | { ind1: string; ind2: string; subfields: Record<string, string>[] }>;

/** yaz writes one pretty-printed JSON object per record, back to back. */
function splitObjects(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) out.push(text.slice(start, i + 1));
  }
  return out;
}

/** yaz-marcdump -o json's records, parsed as they are (MARC-in-JSON). */
export function yazJsonObjects(file: string, args: string[] = []): { leader: string; fields: YazField[] }[] {
  const result = spawnSync('yaz-marcdump', [...args, '-o', 'json', file], { maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`yaz-marcdump failed: ${result.stderr.toString()}`);
  return splitObjects(result.stdout.toString('utf8')).map((json) => JSON.parse(json) as { leader: string; fields: YazField[] });
}

/** Records as yaz-marcdump -o json sees them, converted to our structure and NFC. */
export function yazJson(file: string, args: string[] = []): MarcRecord[] {
  return yazJsonObjects(file, args).map((parsed) => {
    const fields: MarcField[] = parsed.fields.map((entry) => {
      const [tag, body] = Object.entries(entry)[0] as [string, YazField[string]];
      if (typeof body === 'string') return { tag, value: body.normalize('NFC') };
      return {
        tag,
        ind1: body.ind1,
        ind2: body.ind2,
        subfields: body.subfields.map((s) => {
          const [code, value] = Object.entries(s)[0] as [string, string];
          return { code, value: value.normalize('NFC') };
        }),
      };
    });
    return { leader: parsed.leader, fields };
  });
}
