/**
 * Target side of decode-ber.ts: the Explain-Record of what the model holds (TargetInfo,
 * DatabaseInfo, AttributeDetails), for the Z39.50 simulator's IR-Explain-1 and round trips.
 * Tags as in RecordSyntax-explain (see decode-ber.ts); the mandatory BOOLEANs the model may
 * lack (namedResultSets, multipleDBsearch, user-fee, available) are written FALSE/TRUE as the
 * ASN.1 requires them.
 */
import { booleanContent, ctxCons, ctxPrim, integerContent, oidContent, sequence } from '../ber-writer.ts';
import type { ExplainAttributeValue, ExplainRecord } from './model.ts';

type Encode = (text: string) => Buffer;
const utf8: Encode = (s) => Buffer.from(s, 'utf8');

export function encodeExplainRecord(record: ExplainRecord, encode: Encode = utf8): Buffer {
  const human = (tag: number, text: string | undefined) => (text === undefined ? [] : [ctxCons(tag, sequence(ctxPrim(1, encode(text))))]);
  const int = (tag: number, n: number | undefined) => (n === undefined ? [] : [ctxPrim(tag, integerContent(n))]);
  const stringOrNumeric = (v: number | string) => (typeof v === 'number' ? ctxPrim(2, integerContent(v)) : ctxPrim(1, encode(v)));
  switch (record.category) {
    case 'targetInfo': {
      const t = record.targetInfo;
      const timeout = t.timeoutInterval;
      return ctxCons(
        0,
        ctxPrim(1, encode(t.name)),
        ctxPrim(4, booleanContent(t.namedResultSets ?? false)),
        ctxPrim(5, booleanContent(t.multipleDatabaseSearch ?? false)),
        ...int(6, t.maxResultSets),
        ...int(7, t.maxResultSize),
        ...int(8, t.maxTerms),
        ...(timeout ? [ctxCons(9, ctxPrim(1, integerContent(timeout.value)), ctxCons(2, ...(timeout.unit === undefined ? [] : [ctxCons(3, stringOrNumeric(timeout.unit))]))) ] : []),
        ...human(12, t.description),
      );
    }
    case 'databaseInfo': {
      const d = record.databaseInfo;
      return ctxCons(
        1,
        ctxPrim(1, encode(d.name)),
        ...(d.explainDatabase ? [ctxPrim(2, Buffer.alloc(0))] : []),
        ctxPrim(5, booleanContent(false)),
        ctxPrim(6, booleanContent(d.available ?? true)),
        ...human(7, d.title),
        ...human(9, d.description),
        ...(d.recordCount ? [ctxCons(14, ctxPrim(d.recordCount.approximate ? 1 : 0, integerContent(d.recordCount.count)))] : []),
      );
    }
    case 'attributeDetails': {
      const a = record.attributeDetails;
      const value = (v: ExplainAttributeValue) => sequence(ctxCons(0, stringOrNumeric(v.value)), ...human(1, v.description), ...(v.partial ? [ctxPrim(4, Buffer.alloc(0))] : []));
      const sets = a.attributeSets.map((s) =>
        sequence(ctxPrim(0, oidContent(s.attributeSet)), ctxCons(1, ...s.types.map((t) => sequence(ctxPrim(0, integerContent(t.type)), ...(t.values === 'all' ? [] : [ctxCons(2, ...t.values.map(value))]))))),
      );
      return ctxCons(8, ctxPrim(1, encode(a.databaseName)), ...(sets.length > 0 ? [ctxCons(2, ...sets)] : []));
    }
    default:
      throw new RangeError(`cannot encode Explain category ${record.name}`);
  }
}
