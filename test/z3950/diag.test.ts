import { describe, expect, it } from 'vitest';
import { bib1Message, knownBib1Conditions } from '../../src/z3950/bib1-messages.ts';
import { toDiagnostic } from '../../src/z3950/apdu/diag.ts';
import { OID } from '../../src/z3950/oids.ts';

describe('bib-1 diagnostics', () => {
  it('has the standard wording for the common conditions', () => {
    const common = [1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30, ...Array.from({ length: 33 }, (_, i) => 100 + i), 227, 233, 234, 235, 236, 237, 238, 239, ...Array.from({ length: 25 }, (_, i) => 1001 + i)];
    const known = new Set(knownBib1Conditions());
    expect(common.filter((c) => !known.has(c))).toEqual([]);
    expect(bib1Message(109)).toBe('Database unavailable');
    expect(bib1Message(1011)).toBe('Init/AC: Bad Userid and/or Password');
    expect(bib1Message(9999)).toBe('Bib-1 diagnostic 9999');
  });

  it('maps a DefaultDiagFormat to the gateway Diagnostic', () => {
    expect(toDiagnostic({ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 114, addinfo: '1=9999' })).toEqual({ source: 'bib1', code: '114', message: 'Unsupported Use attribute', addinfo: '1=9999' });
    expect(toDiagnostic({ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 14, addinfo: '' })).toEqual({ source: 'bib1', code: '14', message: 'System error in presenting records' });
    expect(toDiagnostic({ diagnosticSetId: '1.2.3.4', condition: 5 }).addinfo).toBe('[diagnostic set 1.2.3.4]');
  });
});
