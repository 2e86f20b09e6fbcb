/** One line naming the machine a bench ran on, so printed figures carry their context. */
import { cpus, loadavg, totalmem } from 'node:os';

export function machineLine(): string {
  const cpu = cpus();
  const model = (cpu[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${new Date().toISOString().slice(0, 16)}Z, ${cpu.length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}
