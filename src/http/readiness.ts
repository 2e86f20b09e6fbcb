/** What /readyz asks, on the main port and (via the main thread) on the health port. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | Promise<boolean>;
}

/**
 * Each check's outcome (a check that throws counts as failing), and whether the gateway is
 * ready: every check ok and not draining.
 */
export async function runReadiness(readiness: readonly ReadinessCheck[], draining: boolean): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }> {
  const checks: Record<string, 'ok' | 'failing'> = { config: 'ok' };
  for (const check of readiness) {
    checks[check.name] = await Promise.resolve()
      .then(() => check.ready())
      .then((ok) => (ok ? 'ok' : 'failing'), () => 'failing' as const);
  }
  return { ready: !draining && Object.values(checks).every((c) => c === 'ok'), checks };
}
