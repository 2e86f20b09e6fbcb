/**
 * Fault vocabulary of the Z39.50 simulator and the one structure only a failing target sends:
 * a diag-1 DiagnosticFormat (OID 1.2.840.10003.4.2) in a rejected Init's userInformationField,
 *   DiagnosticFormat ::= SEQUENCE OF SEQUENCE { diagnostic [1] CHOICE { defaultDiagRec [1] IMPLICIT
 *     DefaultDiagFormat, … } OPT, message [2] IMPLICIT InternationalString OPT }
 * which the client reads with apdu/diag.ts diagnosticsFromExternal.
 */
import type { SimulateConfig } from '../../../src/demo/simulate-config.ts';
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import { ctxCons, sequence, tlv } from '../../../src/z3950/ber-writer.ts';
import { defaultDiagMembers, type ZDiagnostic } from '../../../src/z3950/apdu/diag.ts';
import type { External } from '../../../src/z3950/external.ts';
import { OID } from '../../../src/z3950/oids.ts';

export type Z3950Fault = 'none' | 'hang' | 'reset' | 'init-reject' | 'diagnostic' | 'garbage' | 'truncated' | 'http';

/**
 * A config `simulate.fault` (shared with the SRU simulator) → what a Z39.50 target does:
 * the HTTP-flavoured faults become a web server answering on the Z39.50 port.
 */
export function z3950FaultOf(fault: SimulateConfig['fault']): Z3950Fault {
  switch (fault) {
    case 'http500':
    case 'html':
      return 'http';
    case 'auth-rejected':
      return 'init-reject';
    // Z39.50 has neither: records carry no charset label (the configured charset decides) and
    // a busy target has no "retry after" (it refuses the Init or closes).
    case 'wrong-charset':
    case 'rate-limited':
      return 'none';
    default:
      return fault;
  }
}

export function diag1External(diagnostic: ZDiagnostic): External {
  const item = sequence(ctxCons(1, tlv('context', true, 1, defaultDiagMembers(diagnostic))));
  return { directReference: OID.DIAG1_FORMAT, encoding: { kind: 'single-ASN1-type', element: decodeBer(sequence(item)) } };
}
