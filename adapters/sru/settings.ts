/** Settings of one SRU target (the `settings` block of a library whose adapter is "sru"). */
import { z } from 'zod';
import { DEFAULT_TIMEOUTS, charsetSchema, credentialsSchema, directionalCharsetFields, isbnFormsSchema, timeoutsSchema } from '../../src/adapter-api/settings.ts';

export const sruSettingsSchema = z
  .object({
    /** Base URL of the SRU service, database path included (Zebra: http://host:port/DBNAME). */
    url: z.url({ protocol: /^https?$/ }),
    version: z.enum(['1.1', '1.2', '2.0']).default('1.2'),
    /** Short name or URI the server knows (marcxml, unimarcxml, cnmarcxml, opac...). */
    recordSchema: z.string().min(1).default('marcxml'),
    /** MARC flavour of the records; auto = decide per record. */
    format: z.enum(['marc21', 'unimarc', 'cnmarc', 'auto']).default('auto'),
    /**
     * The server's charset when it is not what SRU says (UTF-8): responses are decoded in it,
     * over what they declare, and the query is percent-encoded in it.
     */
    charset: charsetSchema.optional(),
    /** The query's charset (percent-encoded bytes) and the responses' charset, when they differ. */
    ...directionalCharsetFields,
    /** SRU 1.x recordPacking / 2.0 recordXMLEscaping: "string" for servers that cannot embed records as XML (non-UTF-8 records). */
    recordPacking: z.enum(['xml', 'string']).default('xml'),
    /** Most records one request may ask for; larger pages are fetched in several requests. */
    maxRecords: z.number().int().min(1).max(1000).default(50),
    timeouts: timeoutsSchema.default(DEFAULT_TIMEOUTS),
    method: z.enum(['GET', 'POST']).default('GET'),
    /** How this server wants its CQL: index names over the dc/bath defaults (null = no such index), relations. */
    cql: z
      .object({
        indexes: z.partialRecord(z.enum(['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year']), z.string().min(1).nullable()).optional(),
        wordsRelation: z.enum(['all', '=']).optional(),
        phraseRelation: z.enum(['=', 'adj', '==']).optional(),
        yearRange: z.enum(['bounds', 'within']).optional(),
      })
      .strict()
      .default({}),
    /** Extra parameters some servers need (x-…, onlyBib=true for NDL). */
    extraParams: z.record(z.string(), z.string()).optional(),
    /** Diagnostics a server sends for "no hits" (NDL: info:srw/diagnostic/1/1 "Record does not exist"). */
    zeroHitDiagnostics: z.array(z.object({ uri: z.string(), message: z.string().optional() }).strict()).default([]),
    isbnForms: isbnFormsSchema,
    credentials: credentialsSchema.optional(),
    maxResponseBytes: z.number().int().positive().default(20 * 1024 * 1024),
  })
  .strict();

export type SruSettings = z.infer<typeof sruSettingsSchema>;
