/**
 * Which recent searches have a kept set, known locally by every instance: the reuse lookup
 * before a fan-out costs no round trip. When a set's write commits, Redis publishes
 * "<id> <reuseMs> <search key>" on one channel (the commit script does it, so only a committed
 * set is announced); every instance notes it here for the set's reuse window, in a bounded LRU.
 * A hit is only a hint: the caller reads (or checks) the set in Redis, and a set that expired or
 * was dropped meanwhile is forgotten and the search asks the libraries. A missed announcement
 * (an instance started or reconnecting meanwhile) costs one repeated search, never a wrong answer.
 */
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import { subscribeTo } from './connection.ts';

interface Entry {
  id: string;
  /** False for a set too large to share: only this instance has it (in process). */
  shared: boolean;
}

export class ReuseIndex {
  private readonly entries: LRUCache<string, Entry>;
  private subscriber: Redis | undefined;

  constructor(
    readonly channel: string,
    max: number,
  ) {
    this.entries = new LRUCache({ max: Math.max(1, max), ttl: 1, ttlAutopurge: false });
  }

  /** Hears every instance's announcements on a connection of its own. */
  async listen(client: Redis): Promise<void> {
    this.subscriber = await subscribeTo(client, this.channel, (message) => this.heard(message));
  }

  private heard(message: string): void {
    const first = message.indexOf(' ');
    const second = message.indexOf(' ', first + 1);
    if (first <= 0 || second <= first) return;
    const ms = Number(message.slice(first + 1, second));
    if (Number.isFinite(ms) && ms > 0) this.note(message.slice(second + 1), message.slice(0, first), ms, true);
  }

  note(key: string, id: string, ms: number, shared: boolean): void {
    this.entries.set(key, { id, shared }, { ttl: ms });
  }

  lookup(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** The set behind `key` is gone (expired, dropped by the cap): unless a newer one took its place. */
  forget(key: string, id: string): void {
    if (this.entries.peek(key)?.id === id) this.entries.delete(key);
  }

  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    this.entries.clear();
  }
}
