/** Settings of one Z39.50 target (the `settings` block of a library whose adapter is "z3950"). */
import { z } from 'zod';
import { charsetSchema, credentialsSchema, directionalCharsetFields, isbnFormsSchema } from '../../src/adapter-api/settings.ts';
import { SEARCH_FIELDS } from '../../src/query/model.ts';

const ms = z.number().int().positive();
const attributeValue = z.number().int().min(0).nullable().optional();

/** Bib-1 attribute values for one field; null drops the attribute for targets that reject it. */
const fieldAttributesSchema = z
  .object({
    use: attributeValue,
    relation: attributeValue,
    position: attributeValue,
    structure: attributeValue,
    truncation: attributeValue,
    completeness: attributeValue,
  })
  .strict();

const DEFAULT_Z_TIMEOUTS = { connectMs: 3000, initMs: 5000, searchMs: 15000, presentMs: 15000 } as const;
const DEFAULT_POOL = { maxSessions: 2, idleMs: 60_000 } as const;

export const z3950SettingsSchema = z
  .object({
    host: z.string().min(1),
    /** 0 only for a simulated library: the demo launcher starts the simulator on a free port and writes it here. */
    port: z.number().int().min(0).max(65535).default(210),
    /** Database names as the target spells them (Horizon: "Ipac2"; Chinese Unicorn: "uacn_bib"). */
    databases: z.array(z.string().min(1)).min(1),
    /** preferredRecordSyntax; CNMARC targets answer under the UNIMARC OID. */
    recordSyntax: z.enum(['usmarc', 'unimarc', 'opac', 'xml']).default('usmarc'),
    /** MARC flavour of the records; auto = decide per record. */
    format: z.enum(['marc21', 'unimarc', 'cnmarc', 'auto']).default('auto'),
    elementSetName: z.string().min(1).default('F'),
    /** Charset of query terms, records and InternationalStrings (no Charset-3 negotiation). */
    charset: charsetSchema.default('utf-8'),
    /** Terms and protocol strings / records when they differ from `charset`. */
    ...directionalCharsetFields,
    timeouts: z
      .object({
        connectMs: ms.default(DEFAULT_Z_TIMEOUTS.connectMs),
        initMs: ms.default(DEFAULT_Z_TIMEOUTS.initMs),
        searchMs: ms.default(DEFAULT_Z_TIMEOUTS.searchMs),
        presentMs: ms.default(DEFAULT_Z_TIMEOUTS.presentMs),
      })
      .strict()
      .default(DEFAULT_Z_TIMEOUTS),
    /**
     * The operator's cap on records one search fetches from this server, whatever the gateway's
     * recordsPerLibrary asks (the status then says so). Absent: as many as asked, paged by Present.
     */
    maxRecords: z.number().int().min(0).max(1000).optional(),
    /** Records per Present request. */
    presentChunk: z.number().int().min(1).max(100).default(10),
    /** First chunk inside the SearchResponse (one round trip less); false for targets that mishandle it. */
    piggyback: z.boolean().default(true),
    pool: z
      .object({
        maxSessions: z.number().int().min(1).max(16).default(DEFAULT_POOL.maxSessions),
        idleMs: ms.default(DEFAULT_POOL.idleMs),
      })
      .strict()
      .default(DEFAULT_POOL),
    /** idPass authentication, by environment variable names. */
    isbnForms: isbnFormsSchema,
    credentials: credentialsSchema.optional(),
    /** Per-field Bib-1 attributes replacing the defaults (e.g. year: { use: 30 }). */
    attributeOverrides: z.partialRecord(z.enum(SEARCH_FIELDS), fieldAttributesSchema).optional(),
    /** Largest APDU accepted (also sent as preferredMessageSize / exceptionalRecordSize). */
    maxPduBytes: z.number().int().min(4096).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
  })
  .strict();

export type Z3950Settings = z.infer<typeof z3950SettingsSchema>;
