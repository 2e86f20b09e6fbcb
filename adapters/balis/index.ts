/**
 * The BALIS union catalogue (北京地区高校图书馆文献资源保障体系联合目录): one search of the
 * union system, which searches the ticked member libraries itself and answers brief records
 * with their holding members. The adapter ticks members by category or all (全部选择),
 * maps holding members to our libraries, and reports the members the union system lists as
 * suspended — as warnings, on their copies, and through `members()`.
 */
import type { AdapterDescriptor, SearchRequest, SearchResult, UnionMember } from '../../src/adapter-api/contract.ts';
import { reportFetched, reportSearching } from '../../src/adapter-api/progress.ts';
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { fetchMembers, fetchSearchPage, searchUnion, type BalisCall } from './client.ts';
import { formCapabilities } from '../../src/adapter-api/form-capabilities.ts';
import { selectOptions } from '../../src/adapter-api/search-form.ts';
import { MemberCache, mappingFor, selectMembers, toUnionMember, type BalisMember } from './members.ts';
import { FORM_FIELDS, toSimpleForm } from './query.ts';
import { hitToRecord } from './records.ts';
import type { MemberOutcome } from './response.ts';
import { balisSettingsSchema, type BalisSettings } from './settings.ts';

function memberWarning(settings: BalisSettings, member: Pick<BalisMember, 'code' | 'name'>, code: string, message: string): Diagnostic {
  const mapped = mappingFor(settings, member);
  // Attributed to the member's own library when we know it, so its status shows there.
  return { source: 'gateway', code, message, addinfo: `BALIS ${member.code} ${member.name}`, ...(mapped ? { library: mapped.library } : {}) };
}

function outcomeWarnings(settings: BalisSettings, outcomes: readonly MemberOutcome[]): Diagnostic[] {
  return outcomes
    .filter((o) => o.state !== 'ok')
    .map((o) => memberWarning(settings, o, `member-${o.state}`, `the union search could not search ${o.name}: ${o.message ?? o.state}`));
}

export const balisAdapter: AdapterDescriptor<BalisSettings> = {
  kind: 'balis',
  settingsSchema: balisSettingsSchema,
  create(settings, context) {
    const dispatcher = context.httpDispatcher(settings.timeouts.connectMs);
    const cache = new MemberCache(settings.membersTtlMs);
    // A search that has to (re)load the member list passes its request id on with that call too.
    const memberList = (signal: AbortSignal, requestId?: string) => cache.get(() => fetchMembers({ settings, dispatcher, signal, ...(requestId === undefined ? {} : { requestId }) }));

    return {
      async search(request: SearchRequest): Promise<SearchResult> {
        const form = toSimpleForm(request.query);
        reportSearching(request);
        const members = await memberList(request.signal, request.requestId);
        const { codes, unknown } = selectMembers(members, settings.select);
        if (codes.length === 0) {
          throw new TargetError({ source: 'gateway', code: 'no-members', message: 'none of the selected BALIS members is on the union search page', addinfo: settings.select.members.join(', ') });
        }
        const byCode = new Map(members.map((m) => [m.code, m]));
        const diagnostics: Diagnostic[] = unknown.map((name) => ({ source: 'gateway', code: 'unknown-member', message: `the union search lists no member "${name}"`, addinfo: name }));
        for (const member of members.filter((m) => m.suspended && codes.includes(m.code))) {
          diagnostics.push(memberWarning(settings, member, 'member-suspended', `BALIS lists ${member.shownAs}: its copies cannot be requested`));
        }

        const call: BalisCall = { settings, dispatcher, signal: request.signal, ...(request.requestId === undefined ? {} : { requestId: request.requestId }) };
        const records: BibRecord[] = [];
        const size = settings.pageSize;
        let page = Math.floor((request.start - 1) / size) + 1;
        let skip = (request.start - 1) % size;
        let hits: number;
        let first = true;
        do {
          const answer = await searchUnion(call, { form, codes, page });
          hits = answer.total;
          // Member outcomes are the same on every page of one search: report them once.
          if (first) diagnostics.push(...outcomeWarnings(settings, answer.members));
          first = false;
          const wanted = answer.hits.slice(skip, skip + request.count - records.length);
          const pageRecords = wanted.map((hit) => hitToRecord(hit, { library: context.library, settings, members: byCode }, answer.charset));
          records.push(...pageRecords);
          reportFetched(request, records.length, hits);
          if (answer.hits.length < size) break;
          page += 1;
          skip = 0;
        } while (records.length < request.count && (page - 1) * size < hits);
        return { hits, records, diagnostics };
      },
      async members({ signal }): Promise<UnionMember[]> {
        return (await memberList(signal)).map((m) => toUnionMember(m, settings));
      },
      // The 简单检索 page's 检索字段 options: each names the box (title, author, publisher, isbn) a term goes in.
      async probe({ signal }) {
        const html = await fetchSearchPage({ settings, dispatcher, signal });
        return formCapabilities(selectOptions(html, 'field'), Object.fromEntries(FORM_FIELDS.map((field) => [field, field])), new Date());
      },
      async close() {
        // The dispatcher is shared and closed by the gateway.
      },
    };
  },
};
