/**
 * The node flags the production unit runs the gateway with (deploy/balis-gateway.service: the
 * heap bound), so that the benches measure the gateway as it is deployed. A bounded heap
 * collects far more often than V8's default one (2026-12-06, bench:gateway: 0.28–0.32 against
 * 0.23–0.24 ms of CPU a record), so a bench without them flatters the service.
 * BENCH_NODE_FLAGS replaces them in every bench ('' for none).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The unit's flags; `override` (a bench's environment variable, when set) replaces them, '' for none. */
export function deployNodeFlags(override: string | undefined): string[] {
  if (override !== undefined) return override.split(' ').filter(Boolean);
  const unit = readFileSync(fileURLToPath(new URL('../deploy/balis-gateway.service', import.meta.url)), 'utf8');
  const flags = /^ExecStart=\S+node((?: --\S+)*) dist\/main\.js/m.exec(unit)?.[1];
  if (flags === undefined) throw new Error('deploy/balis-gateway.service: no "ExecStart=… node [flags] dist/main.js" line to read the flags from');
  return flags.split(' ').filter(Boolean);
}

/** How a bench says which flags its gateway runs with. */
export function describeFlags(flags: readonly string[]): string {
  return `${flags.join(' ') || 'none'}${process.env.BENCH_NODE_FLAGS === undefined ? ' (deploy/balis-gateway.service)' : ' (BENCH_NODE_FLAGS)'}`;
}

const RERUN = 'BENCH_RUNS_WITH_DEPLOY_FLAGS';

/**
 * Runs `main` in a process with the deploy unit's flags, for a bench whose gateway runs in its own
 * process: this process when it is that re-run, else `script` run again under them (this process
 * waits and exits with its code). `main` gets the flags' description to print.
 */
export async function withDeployFlags(script: string, main: (flags: string) => Promise<void>): Promise<void> {
  const described = process.env[RERUN];
  if (described !== undefined) return main(described);
  const flags = deployNodeFlags(process.env.BENCH_NODE_FLAGS);
  const child = fork(fileURLToPath(script), process.argv.slice(2), { execArgv: [...process.execArgv, ...flags], env: { ...process.env, [RERUN]: describeFlags(flags) } });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  process.exit(code ?? 1);
}
