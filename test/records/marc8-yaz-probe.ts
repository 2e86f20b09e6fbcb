/**
 * Differential probe: every code of every MARC-8 graphic set (the 94 codes of each single-byte
 * set, every EACC code LoC or YAZ assigns) decoded by our decoder and by `yaz-iconv -f MARC8`.
 * Marks are probed one per yaz-iconv run on a base letter (in long batches YAZ sometimes leaves
 * a mark unmoved); the rest in one batch per set, separated by "    |". yaz-iconv drops a
 * character at regular intervals in a long batch (every 190 bytes with a plain "|"), so every
 * code where the batch disagrees with us is asked again in a run of its own.
 *
 *   npx tsx test/records/marc8-yaz-probe.ts > test/records/marc8-yaz-differences.json
 * rewrites the committed list (the explanations are kept by category).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeMarc8, eacc, singleByteSets } from '../../src/records/charsets/marc8.ts';

const ESC = 0x1b;
const SEP = [0x20, 0x20, 0x20, 0x20, 0x7c];

export interface Difference {
  set: string;
  code: string;
  loc: string;
  yaz: string;
  category: string;
}

export interface DifferenceFile {
  about: string;
  findings: string[];
  explanations: Record<string, string>;
  /** [set, code hex, LoC code points, YAZ code points, category]. */
  differences: [string, string, string, string, string][];
}

const DIFFERENCES_FILE = fileURLToPath(new URL('./marc8-yaz-differences.json', import.meta.url));

function yazIconv(input: Buffer): string {
  const result = spawnSync('yaz-iconv', ['-f', 'MARC8', '-t', 'UTF-8'], { input, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`yaz-iconv failed: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}

const hex = (text: string): string => [...text].map((ch) => (ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')).join(' ');

function designate(set: string): { on: number[]; off: number[] } {
  if (set === 'g' || set === 'b' || set === 'p') return { on: [ESC, set.charCodeAt(0)], off: [ESC, 0x73] };
  if (set === 'E') return { on: [ESC, 0x29, 0x21, 0x45], off: [] };
  if (set === '1') return { on: [ESC, 0x24, 0x31], off: [ESC, 0x28, 0x42] };
  return { on: [ESC, 0x28, set.charCodeAt(0)], off: [ESC, 0x28, 0x42] };
}

function categorize(set: string, loc: string, yaz: string): string {
  if (yaz === '') return 'yaz-lacks';
  if (loc === '') return 'loc-lacks';
  if (set === 'E' && /^\p{M}$/u.test(loc)) return 'yaz-mark';
  return 'mapped-differently';
}

/** Every code where our LoC-generated decoder and yaz-iconv disagree. */
export function probeDifferences(yazOnlyEacc: readonly number[] = []): Difference[] {
  const out: Difference[] = [];
  const push = (set: string, code: number, loc: string, batchAnswer: string, width: number, unit?: Buffer): void => {
    const yaz = loc === batchAnswer || !unit ? batchAnswer : yazIconv(unit).normalize('NFC');
    if (loc !== yaz) out.push({ set, code: code.toString(16).toUpperCase().padStart(width, '0'), loc: hex(loc), yaz: hex(yaz), category: categorize(set, loc, yaz) });
  };
  for (const [set, table] of singleByteSets()) {
    const { on, off } = designate(set);
    const batch: number[] = [];
    const batched: number[] = [];
    for (let code = 0x21; code <= 0x7e; code++) {
      if (table.combining.has(code)) {
        // A mark, alone on 'a': compare what each decoder makes of "mark + a".
        const input = Buffer.from([...on, set === 'E' ? code | 0x80 : code, ...off, 0x61]);
        const ours = decodeMarc8(input).text;
        const theirs = yazIconv(input).normalize('NFC');
        push(set, code, ours.replace(/a/, ''), theirs.replace(/a/, ''), 2);
        continue;
      }
      batched.push(code);
      batch.push(...on, set === 'E' ? code | 0x80 : code, ...off, ...SEP);
    }
    const answers = yazIconv(Buffer.from(batch)).split('|');
    batched.forEach((code, i) => {
      const unit = Buffer.from([...on, set === 'E' ? code | 0x80 : code, ...off]);
      push(set, code, decodeMarc8(unit).text, (answers[i] ?? '').trim().normalize('NFC'), 2, unit);
    });
  }
  const keys = [...new Set([...eacc().keys(), ...yazOnlyEacc])].sort((a, b) => a - b);
  const batch: number[] = [];
  const unit = (key: number): number[] => [ESC, 0x24, 0x31, key >> 16, (key >> 8) & 0xff, key & 0xff, ESC, 0x28, 0x42];
  for (const key of keys) batch.push(...unit(key), ...SEP);
  const answers = yazIconv(Buffer.from(batch)).split('|');
  keys.forEach((key, i) => push('1', key, eacc().get(key) ?? '', (answers[i] ?? '').trim().normalize('NFC'), 6, Buffer.from(unit(key))));
  return out;
}

export function readDifferenceFile(): DifferenceFile {
  return JSON.parse(readFileSync(DIFFERENCES_FILE, 'utf8')) as DifferenceFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The explanations and findings are written by hand; only the rows are regenerated.
  const file = readDifferenceFile();
  const differences = probeDifferences();
  const rows = differences.map((d) => `    ${JSON.stringify([d.set, d.code, d.loc, d.yaz, d.category])}`);
  const head = JSON.stringify({ about: file.about, explanations: file.explanations, findings: file.findings }, null, 2).slice(0, -2);
  process.stdout.write(`${head},\n  "differences": [${rows.length ? `\n${rows.join(',\n')}\n  ` : ''}]\n}\n`);
}
