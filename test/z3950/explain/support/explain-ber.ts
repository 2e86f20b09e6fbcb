/**
 * Explain records (Z39.50-1995 Appendix "RecordSyntax-explain") encoded member by member from
 * the ASN.1 with the project's BER writer, for fixtures and tests. Tags as the module writes
 * them: `[n] IMPLICIT` replaces the inner tag, a bare `[n]` wraps (explicit), HumanString is
 * SEQUENCE OF SEQUENCE { language [0], text [1] }, StringOrNumeric is string [1] | numeric [2].
 */
import { booleanContent, ctxCons, ctxPrim, indefinite, integerContent, oidContent, sequence, tlv, universalOid } from '../../../../src/z3950/ber-writer.ts';
import { OID } from '../../../../src/z3950/oids.ts';

const text = (s: string) => Buffer.from(s, 'utf8');
const NULL = Buffer.alloc(0);
const generalString = (s: string) => tlv('universal', false, 27, text(s));
const generalizedTime = (tag: number, s: string) => ctxPrim(tag, Buffer.from(s, 'latin1'));

/** HumanString members (the SEQUENCE OF's entries), for an IMPLICIT tag to wrap. */
function human(...entries: [language: string | undefined, value: string][]): Buffer[] {
  return entries.map(([language, value]) => sequence(...(language ? [ctxPrim(0, text(language))] : []), ctxPrim(1, text(value))));
}

function stringOrNumeric(v: number | string): Buffer {
  return typeof v === 'number' ? ctxPrim(2, integerContent(v)) : ctxPrim(1, text(v));
}

/** CommonInfo [0] IMPLICIT: dates, language, and an otherInfo the decoder must step over. */
function commonInfo(): Buffer {
  const otherInfo = tlv('context', true, 201, [sequence(ctxPrim(2, text('maintained by the BALIS centre')))]);
  return ctxCons(0, generalizedTime(0, '20240301080000'), generalizedTime(1, '20261201093000'), ctxPrim(3, text('chi')), otherInfo);
}

export function targetInfo(opts: { indefiniteLength?: boolean } = {}): Buffer {
  const members = [
    commonInfo(),
    ctxPrim(1, text('BALIS 联合目录 Z39.50 服务')),
    ctxCons(2, ...human(['chi', '2026年12月系统升级'])),
    ctxPrim(4, booleanContent(true)),
    ctxPrim(5, booleanContent(false)),
    ctxPrim(6, integerContent(10)),
    ctxPrim(7, integerContent(50_000)),
    ctxPrim(8, integerContent(20)),
    // timeoutInterval [9] IMPLICIT IntUnit { value [1] IMPLICIT INTEGER, unitUsed [2] IMPLICIT Unit { unitSystem [1] (explicit), unit [3] StringOrNumeric (explicit) } }
    ctxCons(9, ctxPrim(1, integerContent(600)), ctxCons(2, ctxCons(1, generalString('SI')), ctxCons(3, stringOrNumeric('second')))),
    ctxCons(10, ...human(['chi', '欢迎使用'], ['eng', 'Welcome'])),
    ctxCons(11, ctxPrim(0, text('系统部')), ctxPrim(3, text('zsystem@example.org'))),
    ctxCons(12, ...human(['chi', '北京地区高校图书馆联合目录'], ['eng', 'Beijing academic libraries union catalogue'])),
    ctxCons(13, generalString('BALIS'), generalString('balis-union')),
    ctxCons(18, ctxCons(0, ctxPrim(0, text('z3950.example.org')), ctxPrim(1, integerContent(210)))),
    ctxCons(101, generalString('chi'), generalString('eng')),
  ];
  return opts.indefiniteLength ? indefinite('context', 0, members) : ctxCons(0, ...members);
}

export function databaseInfo(name: string, count: { value: number; approximate: boolean }): Buffer {
  return ctxCons(
    1,
    commonInfo(),
    ctxPrim(1, text(name)),
    ctxCons(3, ctxPrim(105, text(`${name}-bib`))),
    ctxPrim(5, booleanContent(false)),
    ctxPrim(6, booleanContent(true)),
    ctxCons(7, ...human(['chi', '中文图书书目库'])),
    ctxCons(8, sequence(...human(['chi', '中文图书']))),
    ctxCons(9, ...human(['chi', 'CNMARC 书目记录，每日更新'])),
    // recordCount [14] CHOICE (explicit) { actualNumber [0] IMPLICIT INTEGER, approxNumber [1] IMPLICIT INTEGER }
    ctxCons(14, ctxPrim(count.approximate ? 1 : 0, integerContent(count.value))),
    ctxPrim(16, integerContent(1200)),
    generalizedTime(20, '20261204230000'),
    ctxPrim(23, booleanContent(false)),
    // accessInfo [29] IMPLICIT AccessInfo: recordSyntaxes [4]; unitSystems [11] is not OPTIONAL in the ASN.1
    ctxCons(29, ctxCons(4, universalOid(OID.UNIMARC), universalOid(OID.USMARC), universalOid(OID.OPAC)), ctxCons(11, generalString('ISO'))),
  );
}

/** The Explain database's own DatabaseInfo: explainDatabase [2] IMPLICIT NULL. */
export function explainDatabaseInfo(): Buffer {
  return ctxCons(1, ctxPrim(1, text('IR-Explain-1')), ctxPrim(2, NULL), ctxPrim(5, booleanContent(false)), ctxPrim(6, booleanContent(true)));
}

export interface UseValue {
  value: number | string;
  description?: string;
  partial?: boolean;
}

export function attributeDetails(databaseName: string, uses: UseValue[]): Buffer {
  const value = (v: UseValue) =>
    sequence(ctxCons(0, stringOrNumeric(v.value)), ...(v.description ? [ctxCons(1, ...human(['chi', v.description]))] : []), ...(v.partial ? [ctxPrim(4, NULL)] : []));
  const useType = sequence(
    ctxPrim(0, integerContent(1)),
    // defaultIfOmitted [1] IMPLICIT { defaultValue [0] StringOrNumeric (explicit), defaultDescription [1] IMPLICIT HumanString }
    ctxCons(1, ctxCons(0, stringOrNumeric(1016)), ctxCons(1, ...human(['chi', '任意字段']))),
    ctxCons(2, ...uses.map(value)),
  );
  const relationType = sequence(ctxPrim(0, integerContent(2))); // no values: all relations supported
  const bySet = sequence(ctxPrim(0, oidContent(OID.BIB1_ATTRIBUTES)), ctxCons(1, useType, relationType));
  // attributeCombinations [3] IMPLICIT { defaultAttributeSet [0], legalCombinations [1] SEQUENCE OF SEQUENCE OF AttributeOccurrence }
  const combinations = ctxCons(3, ctxPrim(0, oidContent(OID.BIB1_ATTRIBUTES)), ctxCons(1, sequence(sequence(ctxPrim(1, integerContent(1)), ctxPrim(3, NULL)))));
  return ctxCons(8, commonInfo(), ctxPrim(1, text(databaseName)), ctxCons(2, bySet), combinations);
}

/** CategoryList [100]: a category the decoder names and skips. */
export function categoryList(): Buffer {
  const category = (name: string) => sequence(ctxPrim(1, text(name)));
  return ctxCons(100, ctxCons(1, category('TargetInfo'), category('DatabaseInfo'), category('AttributeDetails'), category('CategoryList')));
}
