/**
 * SRU version negotiation. The client names the version it wants; a server answers in
 * that version or the highest lower one it speaks, and with diagnostic 5 when it speaks
 * none at or below it (LoC SRU 1.1/1.2 "versions"). Without `version` we answer 1.2:
 * most portals embedding SRU are 1.2 clients that omit it on the bare explain URL.
 */
import { diagnostic } from './diagnostics.ts';
import type { SruDiagnosticOut, SruVersion } from './write.ts';

const SUPPORTED_VERSIONS: readonly SruVersion[] = ['1.1', '1.2', '2.0'];
const DEFAULT_VERSION: SruVersion = '1.2';

export interface Negotiated {
  version: SruVersion;
  /** Set when no supported version is at or below the one asked for (or it is not a version). */
  error?: SruDiagnosticOut;
}

function parse(text: string): [number, number] | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? '0')];
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function negotiateVersion(requested: string | undefined): Negotiated {
  if (requested === undefined || requested.trim() === '') return { version: DEFAULT_VERSION };
  const wanted = parse(requested);
  const highest = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1] as SruVersion;
  // Diagnostic 5's details name the highest version we speak (what the client may retry with).
  const unsupported = (): Negotiated => ({
    version: DEFAULT_VERSION,
    error: diagnostic(5, highest, `Unsupported version "${requested}": this server speaks ${SUPPORTED_VERSIONS.join(', ')}`),
  });
  if (!wanted) return unsupported();
  let chosen: SruVersion | undefined;
  for (const version of SUPPORTED_VERSIONS) {
    if (compare(parse(version) as [number, number], wanted) <= 0) chosen = version;
  }
  return chosen === undefined ? unsupported() : { version: chosen };
}
