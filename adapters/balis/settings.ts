/**
 * Settings of the BALIS union search (BALIS联合检索系统, the ILL centre's union/index.jsp),
 * the `settings` block of a library whose adapter is "balis". The system publishes no
 * machine interface; what is assumed is described in adapters/balis/README.md.
 */
import { z } from 'zod';
import { DEFAULT_TIMEOUTS, charsetSchema, timeoutsSchema } from '../../src/adapter-api/settings.ts';
import { CATEGORIES, illRuleSchema } from '../../src/config/schema.ts';

const libraryId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a library id of this config');

/** A member's holdings belong to this library id; `ill` is that library's lending rule. */
const memberLibrarySchema = z.union([libraryId, z.object({ library: libraryId, ill: illRuleSchema.optional() }).strict()]);

/**
 * Which member checkboxes are ticked: `all` = 全部选择 in every category, `categories` =
 * 全部选择 in those, `members` = single members by code or name. Resolved against the
 * member list the union system shows, so a member it adds later is searched too.
 */
const selectSchema = z
  .object({
    all: z.boolean().default(false),
    categories: z.array(z.enum(CATEGORIES)).default([]),
    members: z.array(z.string().trim().min(1)).default([]),
  })
  .strict()
  .refine((s) => s.all || s.categories.length > 0 || s.members.length > 0, { message: 'select at least one member: all, categories or members' });

export const balisSettingsSchema = z
  .object({
    /** Base URL of the union search (http://202.112.118.41/union/); pages resolve against it. */
    url: z.url({ protocol: /^https?$/ }),
    pages: z
      .object({ members: z.string().min(1).default('libList.jsp'), search: z.string().min(1).default('search.jsp'), form: z.string().min(1).default('index.jsp') })
      .strict()
      .default({ members: 'libList.jsp', search: 'search.jsp', form: 'index.jsp' }),
    /** Charset of the form values posted (the JSP pages are GBK). */
    formCharset: z.enum(['gbk', 'utf-8']).default('gbk'),
    /** Overrides the charset the answers declare, for a server known to mislabel them. */
    charset: charsetSchema.optional(),
    select: selectSchema.default({ all: true, categories: [], members: [] }),
    /** BALIS member code or name → our library id (and its ILL rule); unmapped members' copies stay with this library. */
    memberLibraries: z.record(z.string().trim().min(1), memberLibrarySchema).default({}),
    /** How long a fetched member list is reused. */
    membersTtlMs: z.number().int().min(0).default(10 * 60 * 1000),
    /** Result-page size the search form offers. */
    pageSize: z.union([z.literal(10), z.literal(20), z.literal(50)]).default(20),
    timeouts: timeoutsSchema.default(DEFAULT_TIMEOUTS),
    maxResponseBytes: z.number().int().positive().default(10 * 1024 * 1024),
  })
  .strict();

export type BalisSettings = z.infer<typeof balisSettingsSchema>;
export type BalisSelect = BalisSettings['select'];
export type MemberLibrary = z.infer<typeof memberLibrarySchema>;
