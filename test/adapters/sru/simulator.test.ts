/** The simulated SRU library's degrading mode over real loopback sockets: each answer slower than the last, up to its ceiling. */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startSruSimulator, type SimulatedSruLibrary, type SruSimulator } from '../../../adapters/sru/sim/simulator.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';

const library = (database: string, rest: Partial<SimulatedSruLibrary>): SimulatedSruLibrary => ({ id: database, database, branchName: database, institution: 'SHL', share: 1, latencyMs: 0, fault: 'none', ...rest });
const search = (sim: SruSimulator, database: string) =>
  request(`${sim.url(database)}?version=1.2&operation=searchRetrieve&query=${encodeURIComponent('dc.title=history')}&maximumRecords=1`).then((r) => r.body.text());

let sim: SruSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('SRU simulator, degrading library', () => {
  it('gives each request factor × the previous one’s time, from its latency up to the ceiling, and still answers SRU', async () => {
    sim = await startSruSimulator({ libraries: [library('bift', { latencyMs: 2, degrade: { factor: 3, ceilingMs: 30 } })], catalogue: loadCatalogue() });
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(await search(sim, 'bift'));
    // Explains count too: a failing server is slow for every request.
    await request(`${sim.url('bift')}?version=1.2&operation=explain`).then((r) => r.body.text());
    expect(sim.requests.map((r) => r.latencyMs)).toEqual([2, 6, 18, 30, 30, 30]);
    for (const xml of answers) expect(xml).toContain('numberOfRecords>');
  });

  it('waits out the degraded time: a library at its ceiling answers after one that is not degrading (ordering)', async () => {
    sim = await startSruSimulator({
      libraries: [library('failing', { latencyMs: 1, degrade: { factor: 100, ceilingMs: 400 } }), library('steady', { latencyMs: 50 })],
      catalogue: loadCatalogue(),
    });
    await search(sim, 'failing');
    await search(sim, 'failing');
    const order: string[] = [];
    // The third request to the failing library takes 400 ms (its ceiling); the steady one 50 ms.
    await Promise.all([search(sim, 'failing').then(() => order.push('failing')), search(sim, 'steady').then(() => order.push('steady'))]);
    expect(order).toEqual(['steady', 'failing']);
    expect(sim.requests.filter((r) => r.database === 'failing').map((r) => r.latencyMs)).toEqual([1, 100, 400]);
  });
});
