/**
 * What front ends (JSON/SSE, SRU, ILL, a Z39.50 server) use of the gateway: the service, the
 * per-library status and the errors they need to tell "client went away" from failures.
 * Front ends import this, never the fan-out's insides.
 */
export { Gateway, type SearchOutcome } from './gateway.ts';
export { clientSignal } from './client-signal.ts';
export { AdmissionRejected } from './admission.ts';
export { DeadlineError } from '../fanout/abort.ts';
export type { LibraryStatus } from '../fanout/status.ts';
export { viewResultSet, type Filters } from '../resultsets/view.ts';
