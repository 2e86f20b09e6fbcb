/**
 * A lender's service status, decided in one place by one stated rule (README "Lender service"):
 * the library's own configured `service` is the verdict, unless the library names a union
 * catalogue in `service.followUnion` — then that union's "(暂停服务)" mark in its member list
 * suspends it (the mark only ever suspends; it never re-opens a library configured suspended).
 * Every copy of the library is judged with the result (search, volume, librarian view, SRU,
 * ILL draft), and the result says where it came from and as of when.
 */
import type { LibraryConfig, ServiceStatus } from '../config/schema.ts';

/** What a union catalogue's member list says about one member library. */
export interface UnionMark {
  /** The union catalogue's library id. */
  union: string;
  suspended: boolean;
  notice?: { zh: string; en?: string };
  /** When the member list was read. */
  asOf: string;
}

export interface LenderService {
  library: string;
  status: 'active' | 'suspended';
  /** `config`: the library's own configured status; `union`: the followed union catalogue's mark. */
  source: 'config' | 'union';
  /** The union catalogue followed (`service.followUnion`), whether or not its mark decided. */
  union?: string;
  /** When the deciding information was read: the config at start-up, or the union's member list. */
  asOf: string;
  /** The configured `since` date of a suspension. */
  since?: string;
  notice?: { zh: string; en?: string };
  /** The followed union could not be read: the configured status stands. */
  unionUnavailable?: true;
}

export function resolveLenderService(library: Pick<LibraryConfig, 'id' | 'service'>, marks: ReadonlyMap<string, UnionMark>, configuredAt: string, unionsDown: ReadonlySet<string> = new Set()): LenderService {
  const configured = library.service;
  const follow = configured.followUnion;
  const mark = follow === undefined ? undefined : marks.get(library.id);
  const base = { library: library.id, ...(follow !== undefined ? { union: follow } : {}) };
  if (configured.status === 'active' && mark !== undefined && mark.union === follow && mark.suspended) {
    return { ...base, status: 'suspended', source: 'union', asOf: mark.asOf, ...(mark.notice ? { notice: mark.notice } : {}) };
  }
  const service: LenderService = { ...base, status: configured.status, source: 'config', asOf: configuredAt };
  if (configured.status === 'suspended') {
    service.notice = configured.notice;
    if (configured.since) service.since = configured.since;
  }
  if (follow !== undefined && unionsDown.has(follow)) service.unionUnavailable = true;
  return service;
}

/** The status the eligibility rule reads (src/holdings/eligibility.ts). */
export function statusOf(service: LenderService): ServiceStatus {
  return service.status === 'active' ? { status: 'active' } : { status: 'suspended', notice: service.notice ?? { zh: '暂停馆际互借服务', en: 'suspended' } };
}

/** The service of every configured library as one snapshot: one search, one verdict per library. */
export class ServiceSnapshot {
  private readonly byLibrary: ReadonlyMap<string, LenderService>;

  constructor(services: readonly LenderService[]) {
    this.byLibrary = new Map(services.map((s) => [s.library, s]));
  }

  /** From the configuration alone (no union followed, or none read). */
  static configured(libraries: readonly Pick<LibraryConfig, 'id' | 'service'>[], configuredAt: string): ServiceSnapshot {
    return new ServiceSnapshot(libraries.map((l) => resolveLenderService(l, new Map(), configuredAt)));
  }

  of(library: string): LenderService | undefined {
    return this.byLibrary.get(library);
  }

  toJSON(): Record<string, LenderService> {
    return Object.fromEntries(this.byLibrary);
  }
}
