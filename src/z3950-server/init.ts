/**
 * Init: the options granted are those asked for that the front end really serves (search,
 * present, scan, sort, namedResultSets; negotiationModel when a charset proposal came); sizes are
 * capped at maxPduBytes; a Charset-3 proposal that includes UTF-8 gets UTF-8 selected (records
 * included). With credentials configured, idPass (or open "user/password") must match, else the
 * Init is refused with Bib-1 1011 in diag-1 form and the session ends.
 */
import type { InitResponse } from '../z3950/apdu/init.ts';
import { decodeCharsetProposal, encodeCharsetResponse } from '../z3950/apdu/charset-neg.ts';
import { encodeDiag1External, type ZDiagnostic } from '../z3950/apdu/diag.ts';
import type { InitRequestIn } from '../z3950/apdu/requests.ts';
import type { InitOption } from '../z3950/apdu/tags.ts';
import type { External } from '../z3950/external.ts';
import { Bib1Error } from './bib1-error.ts';
import type { CredentialCheck } from './credentials.ts';

const SERVED: readonly InitOption[] = ['search', 'present', 'scan', 'sort', 'namedResultSets'];

export interface InitOutcome {
  response: Omit<InitResponse, 'diagnostics'>;
  accepted: boolean;
  namedResultSets: boolean;
  messageSize: number;
}

function credentialsOf(req: InitRequestIn): { userId: string; password: string } | undefined {
  const c = req.credentials;
  if (c?.userId && c.password) return { userId: c.userId.toString('utf8'), password: c.password.toString('utf8') };
  if (c?.open) {
    const text = c.open.toString('latin1');
    const slash = text.indexOf('/');
    if (slash > 0) return { userId: text.slice(0, slash), password: text.slice(slash + 1) };
  }
  return undefined;
}

function authProblem(req: InitRequestIn, credentials: CredentialCheck): ZDiagnostic | undefined {
  if (!credentials.required) return undefined;
  const given = credentialsOf(req);
  if (!given) return new Bib1Error(1011, 'this server requires idPass authentication').diagnostic;
  return credentials.verify(given.userId, given.password) ? undefined : new Bib1Error(1011, given.userId).diagnostic;
}

export function negotiateInit(req: InitRequestIn, options: { maxPduBytes: number; credentials: CredentialCheck; refusal?: ZDiagnostic }): InitOutcome {
  const problem = options.refusal ?? authProblem(req, options.credentials);
  const messageSize = Math.max(4096, Math.min(req.preferredMessageSize, options.maxPduBytes));
  const proposals = req.otherInfo.map(decodeCharsetProposal).filter((p) => p !== undefined);
  const granted = req.options.filter((o) => SERVED.includes(o));
  const otherInfo: External[] = [];
  if (proposals.length > 0 && req.options.includes('negotiationModel') && !problem) {
    const utf8 = proposals.some((p) => p.charsets.includes('utf-8'));
    otherInfo.push(encodeCharsetResponse(utf8 ? 'utf-8' : 'none', utf8));
    granted.push('negotiationModel');
  }
  const response: Omit<InitResponse, 'diagnostics'> = {
    ...(req.referenceId ? { referenceId: req.referenceId } : {}),
    versions: [1, 2, 3],
    options: problem ? [] : granted,
    preferredMessageSize: messageSize,
    exceptionalRecordSize: messageSize,
    result: !problem,
    implementationId: 'balis-gateway',
    implementationName: 'BALIS metasearch gateway (Z39.50 front end)',
    implementationVersion: '0.1.0',
    ...(problem ? { userInformationField: encodeDiag1External(problem) } : {}),
    ...(otherInfo.length > 0 ? { otherInfo } : {}),
  };
  return { response, accepted: !problem, namedResultSets: granted.includes('namedResultSets'), messageSize };
}
