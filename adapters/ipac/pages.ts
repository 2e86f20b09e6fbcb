/**
 * Fetching and reading one kind of page at a time, with the iPac quirks handled in one
 * place: a GetXML request answered in HTML is asked once more (SPL: "the first time it
 * just gives you it in HTML"), then read as HTML; a search form instead of results means
 * the OPAC wants a session, which the form itself hands out; a login page is an error.
 */
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import { readBranchPage, readHtmlPage, type HtmlReadOptions } from './html-pages.ts';
import { IpacLayoutError, parseFunc, type BranchPage, type IpacPage } from './page.ts';
import type { IpacSettings } from './settings.ts';
import type { FetchedPage, IpacTransport } from './transport.ts';
import { fullParams, searchParams, sessionIn, startParams, withParams, type Param } from './url.ts';
import { readXmlPage } from './xml-pages.ts';
import { XmlReadError, parseXml } from './xml-tree.ts';
import type { Criterion } from './query.ts';

/** What one adapter instance has learned about its site. */
export interface SiteState {
  session?: string;
  /** Whether GetXML works here; unknown until a page has answered. */
  xml: 'unknown' | 'yes' | 'no';
}

export interface ReadPage {
  page: IpacPage;
  fetched: FetchedPage;
  warnings: Diagnostic[];
}

function layoutError(error: IpacLayoutError, where: string): TargetError {
  return new TargetError({ source: 'gateway', code: 'layout-changed', message: `the OPAC page layout is not the expected one: ${error.message}`, addinfo: where });
}

export class IpacPages {
  constructor(
    private readonly settings: IpacSettings,
    private readonly transport: IpacTransport,
    private readonly state: SiteState,
    private readonly html: HtmlReadOptions,
    /** The gateway request these pages serve (one search), sent as X-Request-Id. */
    private readonly requestId?: string,
  ) {}

  private wantsXml(): boolean {
    return this.settings.format === 'xml' || (this.settings.format === 'auto' && this.state.xml !== 'no');
  }

  read(fetched: FetchedPage, keyHint?: string): IpacPage {
    try {
      const page = fetched.xml ? readXmlPage(parseXml(fetched.text)) : readHtmlPage(fetched.text, this.html, keyHint);
      if (page.session) this.state.session = page.session;
      if (page.kind === 'login') throw new TargetError({ source: 'gateway', code: 'login-required', message: 'the OPAC answered with a login prompt instead of the catalogue', addinfo: fetched.url });
      return page;
    } catch (error) {
      if (error instanceof XmlReadError) throw new TargetError({ source: 'gateway', code: 'bad-xml', message: `unreadable GetXML answer: ${error.message}`, addinfo: fetched.url });
      if (error instanceof IpacLayoutError) throw layoutError(error, fetched.url);
      throw error;
    }
  }

  /** Fetches params (GetXML when wanted), handling the HTML-instead-of-XML and session-first answers. */
  private async fetchRead(params: (xml: boolean) => Param[], signal: AbortSignal, keyHint?: string): Promise<ReadPage> {
    const warnings: Diagnostic[] = [];
    let sessionRetried = false;
    let xmlRetried = false;
    for (;;) {
      const xml = this.wantsXml();
      const hadSession = this.state.session !== undefined;
      const fetched = await this.transport.get(withParams(this.settings.url, params(xml), this.transport.charset), signal, this.requestId);
      warnings.push(...fetched.warnings);
      const hint = keyHint ?? parseFunc(fetched.url)?.key;
      const page = this.read(fetched, hint);
      if (page.kind === 'start') {
        if (!hadSession && this.state.session && !sessionRetried) {
          sessionRetried = true;
          continue;
        }
        throw new TargetError({ source: 'gateway', code: 'no-results-page', message: 'the OPAC answered with its search form instead of results', addinfo: fetched.url });
      }
      if (xml && !fetched.xml) {
        if (!xmlRetried) {
          xmlRetried = true;
          continue;
        }
        if (this.settings.format === 'xml') {
          throw new TargetError({ source: 'gateway', code: 'not-xml', message: 'the OPAC answered GetXML requests with HTML twice', addinfo: fetched.url });
        }
        // The site does not do GetXML (or not reliably): read HTML from now on.
        this.state.xml = 'no';
      } else if (xml) {
        this.state.xml = 'yes';
      }
      return { page, fetched, warnings };
    }
  }

  /** HIP hands out a session on its start page (links and the search form). */
  async openSession(signal: AbortSignal): Promise<void> {
    const fetched = await this.transport.get(withParams(this.settings.url, startParams(this.settings.profile), this.transport.charset), signal, this.requestId);
    const session = sessionIn(fetched.text);
    if (!session) throw new TargetError({ source: 'gateway', code: 'no-session', message: 'the OPAC start page offers no session id', addinfo: fetched.url });
    this.state.session = session;
  }

  search(criteria: Criterion[], page: number, signal: AbortSignal): Promise<ReadPage> {
    const { profile, pageSize } = this.settings;
    return this.fetchRead((xml) => searchParams({ criteria, profile, page, pageSize, session: this.state.session, xml }), signal);
  }

  async full(key: string, func: string | undefined, signal: AbortSignal): Promise<ReadPage> {
    const read = await this.fetchRead(
      (xml) => fullParams({ key, func, profile: this.settings.profile, session: this.state.session, itemsPerPage: this.settings.itemsPerPage, xml }),
      signal,
      key,
    );
    if (read.page.kind !== 'full') {
      throw new TargetError({ source: 'gateway', code: 'layout-changed', message: `the full display of record ${key} came back as a ${read.page.kind} page`, addinfo: read.fetched.url });
    }
    return read;
  }

  /** One page of 其它馆址 (HTML). */
  async branches(url: string, signal: AbortSignal): Promise<{ page: BranchPage; fetched: FetchedPage }> {
    const fetched = await this.transport.get(url, signal, this.requestId);
    return { page: readBranchPage(fetched.text, this.html), fetched };
  }
}
