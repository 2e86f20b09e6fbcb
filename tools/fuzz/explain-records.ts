/**
 * Explain records as fast-check values (the model of src/z3950/explain/model.ts), for the
 * encoder/decoder round trip and as structure-aware fuzz input: encoded, then cut and spliced,
 * they reach deeper into the decoder than mutated fixture bytes alone.
 */
import fc from 'fast-check';
import type { ExplainAttributeValue, ExplainRecord } from '../../src/z3950/explain/model.ts';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '中', '图', '书', 'é'), minLength: 1, maxLength: 12 });
const count = fc.nat({ max: 2 ** 40 });
const oid = fc.array(fc.nat({ max: 20_000 }), { minLength: 1, maxLength: 6 }).map((arcs) => ['1.2', ...arcs].join('.'));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const attributeValue: fc.Arbitrary<ExplainAttributeValue> = fc
  .record({ value: fc.oneof(fc.nat({ max: 9999 }), text), description: optional(text), partial: optional(fc.constant(true as const)) })
  .map(defined);

export const explainRecordArbitrary: fc.Arbitrary<ExplainRecord> = fc.oneof(
  fc
    .record({
      name: text,
      namedResultSets: fc.boolean(),
      multipleDatabaseSearch: fc.boolean(),
      maxResultSets: optional(count),
      maxResultSize: optional(count),
      maxTerms: optional(count),
      timeoutInterval: optional(fc.record({ value: count, unit: optional(text) }).map(defined)),
      description: optional(text),
    })
    .map((t) => ({ category: 'targetInfo' as const, targetInfo: defined(t) })),
  fc
    .record({ name: text, explainDatabase: fc.boolean(), available: fc.boolean(), title: optional(text), description: optional(text), recordCount: optional(fc.record({ count, approximate: fc.boolean() })) })
    .map((d) => ({ category: 'databaseInfo' as const, databaseInfo: defined(d) })),
  fc
    .record({
      databaseName: text,
      attributeSets: fc.array(fc.record({ attributeSet: oid, types: fc.array(fc.record({ type: fc.nat({ max: 9 }), values: fc.oneof(fc.constant('all' as const), fc.array(attributeValue, { maxLength: 8 })) }), { maxLength: 4 }) }), { maxLength: 3 }),
    })
    .map((a) => ({ category: 'attributeDetails' as const, attributeDetails: a })),
);
