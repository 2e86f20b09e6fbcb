/** What /readyz asks, on the main port and (via the main thread) on the health port. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | Promise<boolean>;
}

/** Each check's outcome; a check that throws counts as failing. */
export async function runReadiness(readiness: readonly ReadinessCheck[]): Promise<Record<string, 'ok' | 'failing'>> {
  const checks: Record<string, 'ok' | 'failing'> = { config: 'ok' };
  for (const check of readiness) {
    checks[check.name] = await Promise.resolve()
      .then(() => check.ready())
      .then((ok) => (ok ? 'ok' : 'failing'), () => 'failing' as const);
  }
  return checks;
}
