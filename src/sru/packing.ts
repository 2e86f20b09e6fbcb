/** recordPacking / recordXMLEscaping, whose meaning changed between 1.2 and 2.0 (diagnostic 71 when unknown). */
import type { Packing } from './context.ts';
import { SruDiagnosticError } from './diagnostics.ts';
import type { SruParams } from './params.ts';
import type { SruVersion } from './write.ts';

export function readPacking(params: SruParams, version: SruVersion): Packing {
  const packing = params.get('recordPacking');
  if (version !== '2.0') {
    if (packing === undefined || packing === 'xml' || packing === 'string') return { escaping: packing ?? 'xml' };
    throw new SruDiagnosticError(71, packing, `Unsupported record packing "${packing}" (xml or string)`);
  }
  // Clients written for 1.2 send recordPacking=xml|string to 2.0 servers too; read it as the escaping it meant.
  const legacy = packing === 'xml' || packing === 'string' ? packing : undefined;
  const escaping = params.get('recordXMLEscaping') ?? legacy;
  if (escaping !== undefined && escaping !== 'xml' && escaping !== 'string') {
    throw new SruDiagnosticError(71, escaping, `Unsupported recordXMLEscaping "${escaping}" (xml or string)`);
  }
  if (packing !== undefined && legacy === undefined && packing !== 'packed' && packing !== 'unpacked') {
    throw new SruDiagnosticError(71, packing, `Unsupported record packing "${packing}" (packed or unpacked in SRU 2.0)`);
  }
  return { escaping: escaping ?? 'xml', packing: packing === 'unpacked' ? 'unpacked' : 'packed' };
}
