/** The knowledge metrics: breaker state and openings, the timeout each library gets, labelled by library only. */
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/metrics/registry.ts';

describe('gateway metrics', () => {
  it('shows each breaker state change and the timeout chosen, learned or configured', async () => {
    const metrics = new GatewayMetrics();
    metrics.breakerChanged('bift', { state: 'open', failures: 3, since: '2026-12-05T10:05:00Z', retryAt: '2026-12-05T10:07:00Z' });
    metrics.breakerChanged('bift', { state: 'half-open', failures: 3 });
    metrics.timeoutChosen('pku', 1500, true);
    metrics.timeoutChosen('thu', 8000, false);
    metrics.holdingsShown('pku', 125);
    const text = await metrics.text();
    expect(text).toMatch(/^gateway_library_breaker_state\{library="bift"\} 1$/m);
    expect(text).toMatch(/^gateway_library_breaker_opened_total\{library="bift"\} 1$/m);
    expect(text).toMatch(/^gateway_library_timeout_seconds\{library="pku",learned="yes"\} 1\.5$/m);
    expect(text).toMatch(/^gateway_library_timeout_seconds\{library="thu",learned="no"\} 8$/m);
    expect(text).toMatch(/^gateway_holdings_age_seconds_bucket\{le="300",library="pku"\} 1$/m);
    expect(text).toMatch(/^gateway_holdings_age_seconds_bucket\{le="120",library="pku"\} 0$/m);
    // Once learned, the configured series of the same library goes away.
    metrics.timeoutChosen('thu', 1200, true);
    expect(await metrics.text()).not.toMatch(/library="thu",learned="no"/);
    // Told again at every search: the same budget changes nothing, a new one replaces it.
    metrics.timeoutChosen('thu', 1200, true);
    expect(await metrics.text()).toMatch(/^gateway_library_timeout_seconds\{library="thu",learned="yes"\} 1\.2$/m);
    metrics.timeoutChosen('thu', 8000, false);
    const back = await metrics.text();
    expect(back).toMatch(/^gateway_library_timeout_seconds\{library="thu",learned="no"\} 8$/m);
    expect(back).not.toMatch(/library="thu",learned="yes"/);
  });

  it('counts the searches whose starts were held by a burst of refusals, and for how long', async () => {
    const metrics = new GatewayMetrics();
    metrics.searched({ fromCache: false, statuses: [] });
    metrics.searched({ fromCache: false, statuses: [], heldMs: 0 });
    metrics.searched({ fromCache: false, statuses: [], heldMs: 400 });
    metrics.searched({ fromCache: true, statuses: [], heldMs: 900 });
    const text = await metrics.text();
    expect(text).toMatch(/^gateway_search_start_held_seconds_count 1$/m);
    expect(text).toMatch(/^gateway_search_start_held_seconds_bucket\{le="0\.25"\} 0$/m);
    expect(text).toMatch(/^gateway_search_start_held_seconds_bucket\{le="0\.5"\} 1$/m);
    expect(text).toMatch(/^gateway_searches_total\{cache="miss"\} 3$/m);
  });
});
