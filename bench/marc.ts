/**
 * `npm run bench:marc`: our ISO 2709 and MARCXML readers against yaz-marcdump on the same
 * files. Ours decodes every field to strings (toMarcRecord) so the comparison with YAZ's
 * JSON output is fair; goals: ISO 2709 ratio ≥ 1.0, MARCXML ratio ≥ 0.5.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIso2709Stream } from '../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../src/records/iso2709/writer.ts';
import { readMarcXmlStream } from '../src/records/marcxml/reader.ts';
import { benchRecord } from './marc-data.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeYaz(args: string[], file: string): number | undefined {
  const devnull = openSync('/dev/null', 'w');
  try {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      const result = spawnSync('yaz-marcdump', [...args, file], { stdio: ['ignore', devnull, 'pipe'] });
      if (result.error || result.status !== 0) return undefined;
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return median(times);
  } finally {
    closeSync(devnull);
  }
}

/** Streams the file like yaz-marcdump does, so reading it is on both sides of the ratio. */
const CHUNK = 1 << 20;

async function timeOurs(work: () => Promise<number>): Promise<{ seconds: number; records: number }> {
  let records = 0;
  const times: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const start = process.hrtime.bigint();
    records = await work();
    // First run warms the JIT and is not counted.
    if (run > 0) times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: median(times), records };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-marc-'));
try {
  const mrc = join(dir, 'records.mrc');
  const parts: Buffer[] = [];
  for (let n = 0; n < COUNT; n++) parts.push(writeIso2709(benchRecord(n)));
  const data = Buffer.concat(parts);
  writeFileSync(mrc, data);
  console.log(`ISO 2709: ${COUNT} records, ${(data.length / 1e6).toFixed(1)} MB, ${Math.round(data.length / COUNT)} bytes/record avg`);

  const ours = await timeOurs(async () => {
    let n = 0;
    for await (const item of readIso2709Stream(createReadStream(mrc, { highWaterMark: CHUNK }))) {
      if (item.type !== 'record') throw new Error(`bench data produced ${item.type}`);
      if (item.record.toMarcRecord().fields.length > 0) n++;
    }
    return n;
  });
  const oursRate = ours.records / ours.seconds;
  console.log(`  ours (stream file, decode all fields): ${Math.round(oursRate)} records/s`);
  const yaz = timeYaz(['-i', 'marc', '-o', 'json'], mrc);
  if (yaz === undefined) console.log('  yaz-marcdump not available: no ratio');
  else {
    const yazRate = COUNT / yaz;
    console.log(`  yaz-marcdump -i marc -o json:          ${Math.round(yazRate)} records/s`);
    console.log(`  ratio ours/yaz: ${(oursRate / yazRate).toFixed(2)} (goal >= 1.0)`);
  }

  const xmlFile = join(dir, 'records.xml');
  const xmlOut = openSync(xmlFile, 'w');
  const made = spawnSync('yaz-marcdump', ['-i', 'marc', '-o', 'marcxml', mrc], { stdio: ['ignore', xmlOut, 'pipe'] });
  closeSync(xmlOut);
  if (made.status !== 0) {
    console.log('MARCXML: yaz-marcdump not available to produce the XML file: skipped');
  } else {
    const xmlBytes = statSync(xmlFile).size;
    console.log(`MARCXML: ${COUNT} records, ${(xmlBytes / 1e6).toFixed(1)} MB`);
    const xml = await timeOurs(async () => {
      let n = 0;
      for await (const record of readMarcXmlStream(createReadStream(xmlFile, { highWaterMark: 64 * 1024 }))) if (record.fields.length > 0) n++;
      return n;
    });
    if (xml.records !== COUNT) throw new Error(`MARCXML reader returned ${xml.records} records`);
    const xmlRate = xml.records / xml.seconds;
    console.log(`  ours (fast scanner, streaming):       ${Math.round(xmlRate)} records/s`);
    const yazXml = timeYaz(['-i', 'marcxml', '-o', 'json'], xmlFile);
    if (yazXml !== undefined) {
      const yazRate = COUNT / yazXml;
      console.log(`  yaz-marcdump -i marcxml -o json:      ${Math.round(yazRate)} records/s`);
      console.log(`  ratio ours/yaz: ${(xmlRate / yazRate).toFixed(2)} (goal >= 0.5)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
