/**
 * The main thread's side of the health thread's shared buffer (layout in health-thread.ts):
 * written with Atomics, so the thread never waits for the main loop and never reads half a value.
 */
import { SLOT, SLOTS, type PublishedHealth } from './health-thread.ts';

export function healthStateBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
}

export function writeHealth(buffer: SharedArrayBuffer, state: Partial<PublishedHealth>): void {
  const slots = new BigInt64Array(buffer);
  if (state.beatAt !== undefined) Atomics.store(slots, SLOT.beatAt, BigInt(Math.round(state.beatAt)));
  if (state.draining !== undefined) Atomics.store(slots, SLOT.draining, state.draining ? 1n : 0n);
  if (state.ready !== undefined) Atomics.store(slots, SLOT.ready, state.ready ? 1n : 0n);
  if (state.readyAt !== undefined) Atomics.store(slots, SLOT.readyAt, BigInt(Math.round(state.readyAt)));
}
