/**
 * The simulated union system's data: every member's share of the fixture catalogue with its
 * copies (the same selection the member's own simulated OPAC serves, src/simulation/holdings.ts),
 * folded into one entry per record with the copies of each holding member, plus the brief
 * record the union page shows (the ILL form's fields).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { controlValue, firstSubfield, isDataField, type DataField, type MarcRecord } from '../../../src/records/marc.ts';
import { mapMarc21 } from '../../../src/records/marc21/map.ts';
import { mapUnimarc } from '../../../src/records/unimarc/map.ts';
import { hasAuthoredCopies, librarySelection } from '../../../src/simulation/holdings.ts';
import { flavourOf, prepareRecord, type PreparedRecord } from '../../../src/simulation/match.ts';

const simMemberSchema = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    /** The name as the page shows it, with a service remark ("上海图书馆(暂停服务)"). */
    shownAs: z.string().min(1).optional(),
    category: z.string().min(1),
    institution: z.string().min(1),
    share: z.number().min(0).max(1),
    library: z.string().min(1).optional(),
    new: z.boolean().optional(),
    notice: z.object({ date: z.string(), text: z.string() }).strict().optional(),
  })
  .strict();
export type SimMember = z.infer<typeof simMemberSchema>;

const MEMBERS_FILE = fileURLToPath(new URL('../../../fixtures/balis/members.json', import.meta.url));

export function loadSimMembers(): SimMember[] {
  const file = z.object({ $comment: z.string().optional(), members: z.array(simMemberSchema).min(1) }).strict();
  return file.parse(JSON.parse(readFileSync(MEMBERS_FILE, 'utf8'))).members;
}

export interface SimCopy {
  callNo?: string;
  barcode?: string;
  location?: string;
  status?: string;
  itemType?: string;
}

export interface UnionEntry {
  id: string;
  prepared: PreparedRecord;
  brief: { title: string; author?: string; publisher?: string; year?: string; isbn?: string; language?: string; type: string };
  /** Member code → its copies, in member-list order. */
  copies: Map<string, SimCopy[]>;
}

const LANGUAGE_NAMES: Record<string, string> = { chi: '中文', eng: '英文', jpn: '日文', rus: '俄文', ger: '德文', fre: '法文', kor: '韩文' };

function copyOf(field: DataField): SimCopy {
  const get = (code: string) => firstSubfield(field, code);
  const pairs: [keyof SimCopy, string | undefined][] =
    field.tag === '905'
      ? [['callNo', get('s')], ['barcode', get('b')], ['location', get('c')], ['status', get('x')], ['itemType', get('y')]]
      : [['callNo', [get('h'), get('i')].filter(Boolean).join(' ') || undefined], ['barcode', get('p')], ['location', get('b')], ['status', get('z')], ['itemType', get('x')]];
  const copy: SimCopy = {};
  for (const [key, value] of pairs) if (value) copy[key] = value;
  return copy;
}

/** ISBD's trailing punctuation left at the end of a MARC subfield (" /", " :", ","). */
const trailing = (text: string | undefined) => (text ?? '').replace(/[\s/:;,.=]+$/u, '').trim();

/**
 * The union page's one line of title names the volume as the ILL form's 书刊名称 does
 * ("The Cambridge history of China. Volume 10, Late Ch'ing, 1800-1911. Part 1"): a volume's
 * brief record is not the set's.
 */
function withPart(title: string, partNumber: string | undefined, partName: string | undefined): string {
  const part = [trailing(partNumber), trailing(partName)].filter(Boolean).join(', ');
  return part ? `${trailing(title)}. ${part}` : title;
}

function brief(record: MarcRecord): UnionEntry['brief'] {
  const mapped = flavourOf(record) === 'unimarc' ? mapUnimarc(record) : mapMarc21(record);
  const out: UnionEntry['brief'] = { title: withPart(mapped.vernacularTitle ?? mapped.title, mapped.partNumber, mapped.partName), type: mapped.materialType || '图书' };
  // A romanized MARC 21 record shows its 880 script forms, as a Chinese union page would.
  const vernacular = mapped.authors.some((a) => a.vernacular) ? mapped.authors.map((a) => a.vernacular ?? a.name).join(', ') : undefined;
  const author = vernacular ?? mapped.responsibility ?? mapped.authors.map((a) => a.name).join(', ');
  if (author) out.author = author;
  if (mapped.publisher) out.publisher = mapped.publisher;
  if (mapped.yearText ?? mapped.year) out.year = mapped.yearText ?? String(mapped.year);
  const isbn = mapped.isbns.find((i) => !i.cancelled);
  if (isbn) out.isbn = isbn.original;
  const language = mapped.languages[0];
  if (language) out.language = LANGUAGE_NAMES[language] ?? language;
  return out;
}

export function buildUnion(catalogue: readonly MarcRecord[], members: readonly SimMember[]): UnionEntry[] {
  const entries = new Map<string, UnionEntry>();
  catalogue.forEach((record, index) => {
    const id = controlValue(record, '001') ?? `rec-${index}`;
    entries.set(id, { id, prepared: prepareRecord(record), brief: brief(record), copies: new Map() });
  });
  for (const member of members) {
    const identity = { id: member.library ?? member.code, branchName: member.name, institution: member.institution, share: member.share };
    for (const held of librarySelection(catalogue, identity, hasAuthoredCopies(catalogue, member.institution))) {
      const entry = entries.get(controlValue(held, '001') ?? '');
      if (!entry) continue;
      const copies = held.fields.filter((f): f is DataField => isDataField(f) && (f.tag === '905' || f.tag === '852')).map(copyOf);
      if (copies.length > 0) entry.copies.set(member.code, copies);
    }
  }
  return [...entries.values()].filter((e) => e.copies.size > 0);
}
