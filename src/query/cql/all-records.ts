/**
 * `cql.allRecords = 1`. The gateway's QueryNode has no "everything" node, so
 * it is a separate value that only ever stands for a whole query: to-query
 * folds it away inside booleans (`allRecords and X` is X) and rejects the
 * combinations the model cannot express.
 */
export interface AllRecordsQuery {
  kind: 'allRecords';
}

export const ALL_RECORDS: Readonly<AllRecordsQuery> = Object.freeze({ kind: 'allRecords' });

export function isAllRecords(query: { kind: string }): query is AllRecordsQuery {
  return query.kind === 'allRecords';
}
