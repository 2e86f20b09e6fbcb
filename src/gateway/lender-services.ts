/**
 * The lenders' service statuses for a search: from the config, and — only for libraries whose
 * `service.followUnion` names a union catalogue — from that union's member list, read at most
 * once per `ttlMs` (concurrent searches share one read; a failed read is not kept). A union
 * that cannot be read within `timeoutMs` leaves the configured status standing, flagged.
 */
import type { UnionMember } from '../adapter-api/contract.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { resolveLenderService, ServiceSnapshot, type UnionMark } from '../holdings/lender-service.ts';

type UnionReader = (timeoutMs: number) => Promise<{ library: string; members?: UnionMember[]; error?: string }[]>;

export interface LenderServicesOptions {
  libraries: readonly LibraryConfig[];
  readUnions: UnionReader;
  /** When the configuration was loaded (the "as of" of configured statuses). */
  configuredAt: string;
  ttlMs?: number;
  timeoutMs?: number;
  now?: () => Date;
}

export class LenderServices {
  private readonly options: LenderServicesOptions;
  private readonly followed: boolean;
  private entry: { at: number; snapshot: Promise<ServiceSnapshot> } | undefined;

  constructor(options: LenderServicesOptions) {
    this.options = options;
    this.followed = options.libraries.some((l) => l.service.followUnion !== undefined);
  }

  snapshot(): Promise<ServiceSnapshot> {
    const { libraries, configuredAt } = this.options;
    if (!this.followed) {
      this.entry ??= { at: 0, snapshot: Promise.resolve(ServiceSnapshot.configured(libraries, configuredAt)) };
      return this.entry.snapshot;
    }
    const now = (this.options.now ?? (() => new Date()))();
    if (this.entry && now.getTime() - this.entry.at < (this.options.ttlMs ?? 60_000)) return this.entry.snapshot;
    const snapshot = this.read(now);
    const entry = { at: now.getTime(), snapshot };
    this.entry = entry;
    return snapshot;
  }

  private async read(now: Date): Promise<ServiceSnapshot> {
    const { libraries, configuredAt } = this.options;
    const unions = await this.options.readUnions(this.options.timeoutMs ?? 1500);
    const asOf = now.toISOString();
    const marks = new Map<string, UnionMark>();
    const down = new Set<string>();
    for (const union of unions) {
      if (!union.members) {
        down.add(union.library);
        continue;
      }
      for (const member of union.members) {
        if (member.library === undefined) continue;
        const mark: UnionMark = { union: union.library, suspended: member.service.status === 'suspended', asOf };
        if (member.service.status === 'suspended') mark.notice = member.service.notice;
        // A library followed by one union only: keep that union's mark.
        const follows = libraries.find((l) => l.id === member.library)?.service.followUnion;
        if (follows === union.library) marks.set(member.library, mark);
      }
    }
    if (down.size > 0 && this.entry) {
      // Not kept: the next search reads the union again.
      this.entry = undefined;
    }
    return new ServiceSnapshot(libraries.map((l) => resolveLenderService(l, marks, configuredAt, down)));
  }
}
