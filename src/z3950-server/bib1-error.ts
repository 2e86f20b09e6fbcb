/** A request the front end refuses, with the Bib-1 condition that says why (Z39.50-2003 Appendix 3). */
import type { ZDiagnostic } from '../z3950/apdu/diag.ts';
import { OID } from '../z3950/oids.ts';

export class Bib1Error extends Error {
  readonly diagnostic: ZDiagnostic;
  constructor(condition: number, addinfo?: string) {
    super(`bib-1 ${condition}${addinfo === undefined ? '' : `: ${addinfo}`}`);
    this.name = 'Bib1Error';
    this.diagnostic = { diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition, ...(addinfo === undefined ? {} : { addinfo }) };
  }
}
