/**
 * A small pool of initialized sessions per target. Re-using an association saves the
 * connect + Init round trips; targets close idle associations (closeReason 7 lackOfActivity,
 * §3.2.11.1.4), so an idle session is checked before reuse and discarded when it died, and
 * our own idle timer closes sessions first.
 */
import { abortError, zError } from './errors.ts';
import type { Session } from './session.ts';

export interface PoolOptions {
  maxSessions: number;
  idleMs: number;
}

export interface Lease {
  session: Session;
  /** True when the session had served an earlier search (it may have died since). */
  reused: boolean;
}

interface Idle {
  session: Session;
  timer: NodeJS.Timeout;
}

export class SessionPool {
  private readonly idle: Idle[] = [];
  private readonly busy = new Set<Session>();
  private opening = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly openSession: (signal: AbortSignal) => Promise<Session>,
    private readonly opts: PoolOptions,
    private readonly target: string,
  ) {}

  /** Sessions connected or being connected. */
  get size(): number {
    return this.idle.length + this.busy.size + this.opening;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  async acquire(signal: AbortSignal): Promise<Lease> {
    for (;;) {
      if (this.closed) throw zError('pool-closed', `${this.target}: adapter closed`);
      if (signal.aborted) throw abortError(signal, this.target);
      const reused = this.takeIdle();
      if (reused) return { session: reused, reused: true };
      if (this.size < this.opts.maxSessions) return { session: await this.openOne(signal), reused: false };
      await this.waitTurn(signal);
    }
  }

  /** Gives a session back; `reusable` false (or a dead session) closes it. */
  release(session: Session, reusable: boolean): void {
    this.busy.delete(session);
    if (!reusable || this.closed || !session.usable) {
      session.destroy();
    } else {
      const timer = setTimeout(() => this.expire(session), this.opts.idleMs);
      timer.unref();
      this.idle.push({ session, timer });
    }
    this.wakeOne();
  }

  /** Closes idle sessions politely (Close PDU, then the socket); busy ones are cut. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const sessions = this.idle.map((i) => i.session);
    for (const i of this.idle) clearTimeout(i.timer);
    this.idle.length = 0;
    // An in-flight search fails with peer-dropped ("closed by the gateway") instead of hanging.
    for (const s of this.busy) s.destroy();
    this.busy.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    await Promise.all(sessions.map((s) => s.close()));
  }

  private takeIdle(): Session | undefined {
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      clearTimeout(entry.timer);
      if (entry.session.usable) {
        this.busy.add(entry.session);
        return entry.session;
      }
      entry.session.destroy(); // the target closed it while idle
    }
    return undefined;
  }

  private async openOne(signal: AbortSignal): Promise<Session> {
    this.opening += 1;
    try {
      const session = await this.openSession(signal);
      if (this.closed) {
        await session.close();
        throw zError('pool-closed', `${this.target}: adapter closed`);
      }
      this.busy.add(session);
      return session;
    } finally {
      this.opening -= 1;
      this.wakeOne();
    }
  }

  private expire(session: Session): void {
    const index = this.idle.findIndex((i) => i.session === session);
    if (index < 0) return;
    this.idle.splice(index, 1);
    void session.close();
    this.wakeOne();
  }

  private waitTurn(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(abortError(signal, this.target));
      };
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
