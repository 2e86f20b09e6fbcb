/** The per-library outcome of one federated search: always one per selected library. */
import type { Diagnostic, TargetState } from '../diagnostics.ts';

export interface LibraryStatus {
  library: string;
  state: TargetState;
  hits: number;
  /** Records actually received. */
  fetched: number;
  elapsedMs: number;
  /** Why the state is not ok (timeout, error, suspended, skipped). */
  diagnostic?: Diagnostic;
  /** Non-fatal problems: surrogate diagnostics, record decode errors, charset warnings. */
  warnings: Diagnostic[];
}
