/**
 * `npm run bench:marc`: our ISO 2709 and MARCXML readers against yaz-marcdump, like with like,
 * on the same files (20,000 synthetic records, a third CJK; bench/marc-data.ts).
 *
 * Pairs (each side does the same work):
 * - parse:  ours streams the file and decodes every field to strings (a MarcRecord) and
 *           discards it; `yaz-marcdump -n` reads and parses every record and prints nothing.
 * - json:   ours streams the file and writes each record as MARC-in-JSON, the structure yaz
 *           writes (src/records/marc-in-json.ts; compact, yaz pretty-prints), UTF-8 bytes whose
 *           length is counted: IsoRecord.toMarcInJson(), which copies the field bytes of a
 *           UTF-8 record once it has checked them valid UTF-8 and NFC (as our decoded strings
 *           would be) and decodes any other record to NFC text first; `yaz-marcdump -o json`
 *           parses and formats MARC-in-JSON to /dev/null.
 * The same two pairs for the MARCXML file (`-i marcxml`); its JSON is marcInJson() of each
 *           decoded record, a flat string whose UTF-8 length is counted.
 * - marc-8: 5,000 MARC-8 records, EACC-heavy (bench/marc-data.ts benchMarc8Record): ours streams,
 *           decides the charset (leader/09 blank: MARC-8, checked against the bytes as in
 *           production), decodes MARC-8 to NFC Unicode and writes MARC-in-JSON
 *           (toMarcInJson); `yaz-marcdump -f marc8 -t utf8 -o json` converts and formats.
 * Our side reads through the production readers (readIso2709Stream / readMarcXmlStream, the
 * same record parsing, charset decision and decoding as readIso2709 / readMarcXml).
 *
 * Method: one warm-up round of every contender (not counted: JIT, page cache), then ROUNDS
 * rounds in which the contenders run one after another in rotating order; each contender's
 * median round counts. One bash started before the rounds runs each yaz-marcdump and reports
 * its CPU (`times`), so this process forks nothing between rounds (a fork's copy-on-write
 * faults land on our side). yaz-marcdump's process start (exec and loading its libraries, 18-31
 * ms of CPU here: 7-23% of a run) is measured in each round by the same command on an empty file
 * and taken off, as our side's process is started once. Ratios are records/s ours ÷ records/s
 * yaz, wall-clock and per CPU second (user + system; ours counts every thread of this
 * process, GC included): above 1 means ours is faster. On a loaded machine the wall-clock
 * ratio also measures scheduling (our reads wake the event loop from the thread pool).
 * Goals (issue 19): ISO 2709 json ≥ 1.0, parse ≥ 0.7; MARCXML ≥ 0.6. Issue 14: MARC-8 json ≥ 1.0.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIso2709Stream } from '../src/records/iso2709/reader.ts';
import type { IsoRecord } from '../src/records/iso2709/record.ts';
import { writeIso2709 } from '../src/records/iso2709/writer.ts';
import type { MarcRecord } from '../src/records/marc.ts';
import { readMarcXmlStream } from '../src/records/marcxml/reader.ts';
import { benchMarc8Record, benchRecord } from './marc-data.ts';
import { encodeMarc8 } from '../src/records/charsets/marc8-encode.ts';
import { machineLine } from './machine.ts';
import { threadCpuMs } from './process-cpu.ts';
import { marcInJson } from '../src/records/marc-in-json.ts';

let COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const MARC8_COUNT = Number(process.env.BENCH_MARC8_RECORDS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * Our reads: every byte of the file comes through fs.createReadStream and the production stream
 * reader, as yaz reads the file itself. The read size is our side's choice,
 * measured interleaved on these files (CPU per record): ISO 2709 in 256 KB reads (a read is
 * split while it is still in the core's cache: 7.9 µs vs 10.2 in 1 MB reads, 9.2 in 64 KB);
 * MARCXML in Node's default 64 KB (each read becomes one string, which V8 puts outside its
 * young generation from 128 KB on: 52 µs vs 62 in 1 MB reads).
 */
const ISO_CHUNK = 1 << 18;
const XML_CHUNK = 1 << 16;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Contender {
  name: string;
  /** Records read, and the wall-clock and CPU seconds of the work (CPU: user + system, every thread of the process). */
  run(): Promise<{ records: number; wall: number; cpu: number }>;
  /** yaz-marcdump's: its process start in each round (seconds), already taken off its figures. */
  startups?: { wall: number; cpu: number }[];
  /** Ours: CPU ms of the main thread and of the whole process in each run (the warm-up first). */
  threads?: { main: number; all: number }[];
}

/** "0m1.234s" (bash's `times`) in seconds. */
const bashSeconds = (text: string): number => {
  const [, minutes = '0', seconds = '0'] = /^(\d+)m([\d.]+)s$/.exec(text) ?? [];
  return Number(minutes) * 60 + Number(seconds);
};

/**
 * One bash, started before any round, runs every yaz-marcdump (output to /dev/null) and
 * reports its CPU with `times` (children, cumulative: we take differences). yaz is not
 * spawned from this process: a fork of it write-protects its whole heap, and the copy-on-write
 * faults that follow were billed to our side's next round (measured: 1,200-2,500 faults and
 * about 40% fewer records per CPU second after a spawnSync of `true`). Production forks nothing.
 */
class YazShell {
  private readonly errors: string;
  private readonly shell: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: (() => void) | undefined;
  private buffered = '';
  private children = 0;
  private exited = false;

  constructor(errors: string) {
    this.errors = errors;
    const script = `while IFS=$'\\t' read -r -a args; do yaz-marcdump "\${args[@]}" > /dev/null 2> ${JSON.stringify(errors)}; echo "status $?"; times; done`;
    this.shell = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.shell.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.buffered += text;
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      this.lines.push(...parts);
      this.waiting?.();
    });
    this.shell.on('exit', () => {
      this.exited = true;
      this.waiting?.();
    });
  }

  /** CPU seconds (user + system) of one yaz-marcdump run. */
  async run(args: string[]): Promise<number> {
    if (args.some((a) => a.includes('\t') || a.includes('\n'))) throw new Error('yaz arguments with a tab or newline');
    this.shell.stdin.write(`${args.join('\t')}\n`);
    while (this.lines.length < 3) {
      if (this.exited) throw new Error('the bash running yaz-marcdump exited');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const [status = '', , children = ''] = this.lines.splice(0, 3);
    if (status !== 'status 0') throw new Error(`yaz-marcdump ${args.join(' ')}: ${status}: ${readFileSync(this.errors, 'utf8')}`);
    const [user = '', system = ''] = children.split(' ');
    const total = bashSeconds(user) + bashSeconds(system);
    const used = total - this.children;
    this.children = total;
    return used;
  }

  close(): void {
    this.shell.stdin.end();
  }
}

let yazShell: YazShell | undefined;

/** Wall-clock and CPU seconds of one yaz-marcdump run. */
async function yazRun(args: string[]): Promise<{ wall: number; cpu: number }> {
  if (!yazShell) throw new Error('no yaz shell');
  const start = process.hrtime.bigint();
  const cpu = await yazShell.run(args);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu };
}

/**
 * yaz-marcdump's figures are its run on the file less its run on an empty file with the same
 * arguments (measured in the same round, just before): its process start (exec, loading its
 * libraries) is not decoding, and our side's process is started once, as a gateway is.
 */
function yaz(args: string[], file: string, empty: string): Contender {
  const startups: { wall: number; cpu: number }[] = [];
  return {
    name: `yaz-marcdump ${args.join(' ')}`,
    startups,
    run: async () => {
      const startup = await yazRun([...args, empty]);
      const full = await yazRun([...args, file]);
      startups.push(startup);
      return { records: COUNT, wall: full.wall - startup.wall, cpu: full.cpu - startup.cpu };
    },
  };
}

/** Every record of an ISO 2709 file through the production stream reader, to `work`. */
async function eachIsoRecord(file: string, work: (record: IsoRecord) => number): Promise<{ records: number; out: number }> {
  let records = 0;
  let out = 0;
  for await (const item of readIso2709Stream(createReadStream(file, { highWaterMark: ISO_CHUNK }))) {
    if (item.type !== 'record') throw new Error(`bench data produced ${item.type}`);
    out += work(item.record);
    records++;
  }
  return { records, out };
}

async function eachXmlRecord(file: string, work: (record: MarcRecord) => number): Promise<{ records: number; out: number }> {
  let records = 0;
  let out = 0;
  for await (const record of readMarcXmlStream(createReadStream(file, { highWaterMark: XML_CHUNK }))) {
    out += work(record);
    records++;
  }
  return { records, out };
}

/** Decoded to a MarcRecord, every field to strings; counts fields so nothing is optimised away. */
const fieldCount = (record: MarcRecord): number => record.fields.length;
/** byteLength reads the whole string (a concatenation is made flat), as writing it out would. */
const jsonBytes = (record: MarcRecord): number => Buffer.byteLength(marcInJson(record), 'utf8');

function ours(name: string, run: () => Promise<{ records: number; out: number }>): Contender {
  const threads: { main: number; all: number }[] = [];
  return {
    name,
    threads,
    run: async () => {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const main = threadCpuMs(process.pid);
      const { records, out } = await run();
      if (out === 0) throw new Error('no output');
      const used = process.cpuUsage(cpu);
      threads.push({ main: threadCpuMs(process.pid) - main, all: (used.user + used.system) / 1000 });
      return { records, wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6 };
    },
  };
}

async function time(c: Contender): Promise<{ wall: number; cpu: number }> {
  const { records, wall, cpu } = await c.run();
  if (records !== COUNT) throw new Error(`${c.name} read ${records} of ${COUNT} records`);
  return { wall, cpu };
}

interface Rates {
  /** Records per wall-clock second (median round). */
  wall: number;
  /** Records per CPU second (median round): what load on a shared machine disturbs least. */
  cpu: number;
  /** yaz-marcdump's process start (median seconds), taken off its runs. */
  startup?: { wall: number; cpu: number };
  /** Ours: the main thread's share of the process's CPU over the counted rounds (the rest: GC helpers, compiler, file reads). */
  mainThread?: number;
}

/** Runs the pairs interleaved; returns each contender's median rates. */
async function measure(contenders: Contender[]): Promise<Map<string, Rates>> {
  const rounds = new Map<string, { wall: number; cpu: number }[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await time(c); // warm-up round
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so neither side always runs right after the other's page-cache or GC work.
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + round) % contenders.length] as Contender;
      rounds.get(c.name)?.push(await time(c));
    }
  }
  return new Map(
    contenders.map((c) => {
      const xs = rounds.get(c.name) ?? [];
      const rates: Rates = { wall: COUNT / median(xs.map((x) => x.wall)), cpu: COUNT / median(xs.map((x) => x.cpu)) };
      if (c.startups) rates.startup = { wall: median(c.startups.map((x) => x.wall)), cpu: median(c.startups.map((x) => x.cpu)) };
      const counted = c.threads?.slice(1) ?? [];
      if (counted.length > 0) rates.mainThread = counted.reduce((sum, x) => sum + x.main, 0) / counted.reduce((sum, x) => sum + x.all, 0);
      return [c.name, rates];
    }),
  );
}

function report(title: string, rates: Map<string, Rates>, pairs: [string, string, string, number][]): void {
  console.log(title);
  for (const [name, rate] of rates) {
    const start = rate.startup ? `  (less its process start: ${(rate.startup.wall * 1000).toFixed(0)} ms, ${(rate.startup.cpu * 1000).toFixed(0)} ms CPU)` : '';
    const main = rate.mainThread === undefined ? '' : `  (main thread ${(rate.mainThread * 100).toFixed(0)}% of the CPU, other threads ${(100 - rate.mainThread * 100).toFixed(0)}%)`;
    console.log(`  ${name.padEnd(48)} ${Math.round(rate.wall).toString().padStart(8)} records/s, ${Math.round(rate.cpu).toString().padStart(8)} records per CPU second${start}${main}`);
  }
  for (const [label, mine, theirs, goal] of pairs) {
    const ours = rates.get(mine);
    const yazs = rates.get(theirs);
    const wall = (ours?.wall ?? NaN) / (yazs?.wall ?? NaN);
    const cpu = (ours?.cpu ?? NaN) / (yazs?.cpu ?? NaN);
    console.log(`  ratio ${label.padEnd(42)} ${wall.toFixed(2)} wall-clock, ${cpu.toFixed(2)} CPU  (goal ≥ ${goal})`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-marc-'));
try {
  console.log(`bench:marc — ${machineLine()}; ${ROUNDS} interleaved rounds after a warm-up round, median counts`);
  const mrc = join(dir, 'records.mrc');
  const data = Buffer.concat(Array.from({ length: COUNT }, (_, n) => writeIso2709(benchRecord(n))));
  writeFileSync(mrc, data);
  const xmlFile = join(dir, 'records.xml');
  const xmlOut = openSync(xmlFile, 'w');
  const made = spawnSync('yaz-marcdump', ['-i', 'marc', '-o', 'marcxml', mrc], { stdio: ['ignore', xmlOut, 'pipe'] });
  closeSync(xmlOut);
  if (made.error || made.status !== 0) {
    console.log('yaz-marcdump is not installed: no ratios (apt-get install yaz)');
    process.exit(0);
  }
  yazShell = new YazShell(join(dir, 'yaz-errors.txt'));
  const empty = join(dir, 'empty');
  writeFileSync(empty, '');

  const iso = {
    parse: ours('ours: stream + decode all fields', () => eachIsoRecord(mrc, (r) => fieldCount(r.toMarcRecord()))),
    json: ours('ours: stream + decode + MARC-in-JSON', () => eachIsoRecord(mrc, (r) => r.toMarcInJson().length)),
    yazParse: yaz(['-i', 'marc', '-n'], mrc, empty),
    yazJson: yaz(['-i', 'marc', '-o', 'json'], mrc, empty),
  };
  console.log(`ISO 2709: ${COUNT} records, ${(data.length / 1e6).toFixed(1)} MB, ${Math.round(data.length / COUNT)} bytes/record`);
  report('', await measure([iso.parse, iso.yazParse, iso.json, iso.yazJson]), [
    ['parse: ours ÷ yaz -n', iso.parse.name, iso.yazParse.name, 0.7],
    ['decode-to-JSON: ours ÷ yaz -o json', iso.json.name, iso.yazJson.name, 1.0],
  ]);

  const xml = {
    parse: ours('ours: stream + scan all fields', () => eachXmlRecord(xmlFile, fieldCount)),
    json: ours('ours: stream + scan + MARC-in-JSON', () => eachXmlRecord(xmlFile, jsonBytes)),
    yazParse: yaz(['-i', 'marcxml', '-n'], xmlFile, empty),
    yazJson: yaz(['-i', 'marcxml', '-o', 'json'], xmlFile, empty),
  };
  console.log(`MARCXML: the same ${COUNT} records (written by yaz-marcdump -o marcxml), ${(statSync(xmlFile).size / 1e6).toFixed(1)} MB`);
  report('', await measure([xml.parse, xml.yazParse, xml.json, xml.yazJson]), [
    ['parse: ours ÷ yaz -n', xml.parse.name, xml.yazParse.name, 0.6],
    ['decode-to-JSON: ours ÷ yaz -o json', xml.json.name, xml.yazJson.name, 0.6],
  ]);

  const marc8File = join(dir, 'records-marc8.mrc');
  const marc8 = Buffer.concat(
    Array.from({ length: MARC8_COUNT }, (_, n) =>
      writeIso2709(benchMarc8Record(n), (text) => {
        const encoded = encodeMarc8(text);
        if (!encoded.ok) throw new Error(`bench text has ${encoded.character}, not MARC-8`);
        return encoded.bytes;
      }),
    ),
  );
  writeFileSync(marc8File, marc8);
  COUNT = MARC8_COUNT;
  const m8 = {
    json: ours('ours: stream + MARC-8 decode + MARC-in-JSON', () => eachIsoRecord(marc8File, (r) => r.toMarcInJson().length)),
    yazJson: yaz(['-i', 'marc', '-f', 'marc8', '-t', 'utf8', '-o', 'json'], marc8File, empty),
  };
  console.log(`MARC-8: ${MARC8_COUNT} records, EACC-heavy, ${(marc8.length / 1e6).toFixed(1)} MB, ${Math.round(marc8.length / MARC8_COUNT)} bytes/record`);
  report('', await measure([m8.json, m8.yazJson]), [['MARC-8 decode-to-JSON: ours ÷ yaz -f marc8 -t utf8 -o json', m8.json.name, m8.yazJson.name, 1.0]]);
} finally {
  yazShell?.close();
  rmSync(dir, { recursive: true, force: true });
}
