/**
 * `tsx bench/profile-summary.ts <file.cpuprofile>`: self time of a V8 CPU profile (node
 * --cpu-prof; bench:gateway writes one with BENCH_PROFILE=<dir>) grouped by the stage the code
 * belongs to, and the top functions, so "where the CPU goes" is read off the profile, not guessed.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const STAGES: [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['Z39.50 client + BER', /\/(adapters\/z3950|src\/z3950)\//],
  ['SRU client (envelope, saxes)', /\/adapters\/sru\/|\/saxes\/|\/xmlchars\//],
  ['MARCXML read', /\/src\/records\/marcxml\//],
  ['ISO 2709 read', /\/src\/records\/iso2709\//],
  ['mapping (records, holdings)', /\/src\/(records|holdings|identifiers)\//],
  ['merge + rank', /\/src\/merge\//],
  ['JSON view + response', /\/src\/(http|resultsets)\/|\/express\/|\/router\/|\/body-parser\/|\/send\/|JSON/],
  ['fan-out, gateway', /\/src\/(fanout|gateway|interceptors|adapter-api)\//],
  ['HTTP client (undici)', /\/undici\//],
  ['node internals (net, streams, timers)', /^node:|^$/],
];

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const stageOf = (node: ProfileNode): string => {
  const { url, functionName } = node.callFrame;
  for (const [stage, pattern] of STAGES) if (pattern.test(url) || (url === '' && pattern.test(functionName))) return stage;
  return url.includes('/node_modules/') ? `other package (${url.split('/node_modules/')[1]?.split('/')[0]})` : 'other';
};

const stages = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
for (const [id, micros] of self) {
  const node = byId.get(id) as ProfileNode;
  const stage = stageOf(node);
  stages.set(stage, (stages.get(stage) ?? 0) + micros);
  if (stage !== 'idle') total += micros;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(src|adapters|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + micros);
}
console.log(`busy ${(total / 1000).toFixed(0)} ms (idle ${((stages.get('idle') ?? 0) / 1000).toFixed(0)} ms)`);
for (const [stage, micros] of [...stages].filter(([s, m]) => s !== 'idle' && m >= total / 200).sort((a, b) => b[1] - a[1])) {
  console.log(`  ${stage.padEnd(40)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${((100 * micros) / total).toFixed(1).padStart(5)}%`);
}
console.log('top functions (self):');
for (const [key, micros] of [...functions].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
