/**
 * Graceful shutdown of the HTTP side. On drain: new requests on kept-alive connections get 503
 * (the listener is already closed), running requests — searches, ILL submissions — may finish
 * until the deadline, and SSE streams still open then get a final `restart` event the UI shows
 * as "server restarting, search again" before the connection ends.
 */
import type { NextFunction, Request, Response } from 'express';
import { ProblemError, sendProblem } from './problem.ts';

export const RESTART_EVENT = { title: 'Server restarting: search again', status: 503 };

export class Lifecycle {
  private draining = false;
  private readonly active = new Set<Response>();
  private readonly streams = new Map<Response, () => void>();
  private idle: (() => void) | undefined;

  get isDraining(): boolean {
    return this.draining;
  }

  get activeRequests(): number {
    return this.active.size;
  }

  /** Counts running requests; refuses new ones while draining. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.set({ Connection: 'close', 'Retry-After': '5' });
      return sendProblem(res, new ProblemError(503, 'Server restarting', 'the gateway is shutting down; try again in a moment'), req.originalUrl);
    }
    this.active.add(res);
    res.once('close', () => {
      this.active.delete(res);
      this.streams.delete(res);
      if (this.active.size === 0) this.idle?.();
    });
    next();
  };

  /** An SSE response and how to end it with the restart event. */
  stream(res: Response, endWithRestart: () => void): void {
    this.streams.set(res, endWithRestart);
  }

  /** Stops new work, waits for running requests until `deadline`, then ends the streams left. */
  async drain(deadlineMs: number): Promise<{ finished: boolean; streamsEnded: number }> {
    this.draining = true;
    const finished = await new Promise<boolean>((resolve) => {
      if (this.active.size === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    const open = [...this.streams.values()];
    for (const end of open) end();
    return { finished, streamsEnded: open.length };
  }
}
