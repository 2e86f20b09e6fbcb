/** PDU CHOICE alternatives, all `[n] IMPLICIT` and constructed (Z39.50-2003 §3.1 "PDU"). */
export const PDU_TAG = {
  initRequest: 20,
  initResponse: 21,
  searchRequest: 22,
  searchResponse: 23,
  presentRequest: 24,
  presentResponse: 25,
  scanRequest: 35,
  scanResponse: 36,
  sortRequest: 43,
  sortResponse: 44,
  close: 48,
} as const;

/** Options BIT STRING named bits (InitializeRequest.options, §3.2.1.1.6). */
export const INIT_OPTIONS = [
  'search',
  'present',
  'delSet',
  'resourceReport',
  'triggerResourceCtrl',
  'resourceCtrl',
  'accessCtrl',
  'scan',
  'sort',
  'unused9',
  'extendedServices',
  'level-1Segmentation',
  'level-2Segmentation',
  'concurrentOperations',
  'namedResultSets',
  'encapsulation',
  'resultCount',
  'negotiationModel',
  'duplicateDetection',
  'queryType104',
  'pQESCorrection',
  'stringSchema',
] as const;
export type InitOption = (typeof INIT_OPTIONS)[number];

/** Close reasons (CloseReason ::= [211] IMPLICIT INTEGER, §3.2.11.1.4). */
export const CLOSE_REASONS = [
  'finished',
  'shutdown',
  'systemProblem',
  'costLimit',
  'resources',
  'securityViolation',
  'protocolError',
  'lackOfActivity',
  'peerAbort',
  'unspecified',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
