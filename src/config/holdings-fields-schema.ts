/**
 * Where a library's MARC records keep their copies: which field, and which subfield
 * means 馆址, 馆藏地, 索书号, 条码, 状态, 馆藏类型. Local practice varies (reference 03 §5:
 * CALIS/NLC 905, BNU 906, dp2 982/985, MARC 21 852 + 876-878), so this is data with
 * per-format defaults (src/records/marc21/fields.ts, src/records/unimarc/fields.ts).
 */
import { z } from 'zod';

const subfieldCode = z.string().regex(/^[0-9a-zA-Z]$/, 'one subfield code');
const tag = z.string().regex(/^[0-9A-Za-z]{3}$/, 'a three-character tag');

export const holdingsFieldSchema = z
  .object({
    tag,
    /**
     * Item fields (MARC 21 876-878) belong to a holdings field (852): linked through $8
     * (field link and sequence number), or implicitly when the record has one such field.
     */
    itemOf: tag.optional(),
    branch: subfieldCode.optional(),
    /** Subfields joined with a space (852 $b sublocation + $c shelving location). */
    location: z.array(subfieldCode).min(1).optional(),
    callNumber: z
      .object({
        /** A subfield holding the whole call number (905 $s 索书号). Preferred when present. */
        whole: subfieldCode.optional(),
        /** Parts joined with `separator` (852 $k $h $i $m; 905 $d 分类号 + $e 书次号). */
        parts: z.array(subfieldCode).min(1).optional(),
        separator: z.string().default(' '),
      })
      .strict()
      .optional(),
    volume: subfieldCode.optional(),
    barcode: subfieldCode.optional(),
    status: subfieldCode.optional(),
    collectionType: subfieldCode.optional(),
    dueDate: subfieldCode.optional(),
    note: subfieldCode.optional(),
    /** Public notes that are really status texts (852 $z "Checked out") count as the status. */
    statusFromNote: z.boolean().default(false),
    /** 馆址 when the field names none (a library with one site). */
    defaultBranch: z.string().trim().min(1).optional(),
    /**
     * Union-style records list several libraries' copies (905 $a NLC, PKU, SHL …): keep only
     * copies whose `branch` subfield is one of these codes. Absent = keep every copy.
     */
    institutions: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Code → 馆址 as the ILL rule names it ("SHL" → "上海图书馆"); unlisted codes are kept as written. */
    branchNames: z.record(z.string(), z.string().trim().min(1)).optional(),
  })
  .strict();

export type HoldingsFieldMap = z.infer<typeof holdingsFieldSchema>;
