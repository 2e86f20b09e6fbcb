/** Per-session state the operation handlers read and update. */
import { Bib1Error } from './bib1-error.ts';
import type { ElementSet, ServedSyntax } from './record-syntaxes.ts';
import type { SessionSets } from './session-sets.ts';

export interface SessionState {
  sets: SessionSets;
  /** namedResultSets was negotiated; otherwise only "default" may be used. */
  namedResultSets: boolean;
  /** Negotiated preferredMessageSize: the budget of one response's records. */
  messageSize: number;
  /** Terms and names are UTF-8 (negotiated, or the front end's only charset). */
  decode(bytes: Buffer): string;
  /** Aborted when the client goes away: the federated search stops with it. */
  signal: AbortSignal;
  /** Who asks, for the gateway's per-client admission fairness: the peer's address. */
  client: string;
  /** The format and size of this session's last Present: a new set's first page is encoded so ahead of time (records-out.ts). */
  lastPage?: PageFormat;
}

export interface PageFormat {
  syntax: ServedSyntax;
  elementSet: ElementSet;
  count: number;
}

export function checkSetName(name: string, state: SessionState): void {
  if (!state.namedResultSets && name !== 'default') {
    throw new Bib1Error(22, `${name}: namedResultSets was not negotiated, use "default"`);
  }
}
