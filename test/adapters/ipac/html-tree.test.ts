/** The tolerant HTML reader on what iPac pages really contain. */
import { describe, expect, it } from 'vitest';
import { readItemTable, splitPublication } from '../../../adapters/ipac/html-pages.ts';
import { byTag, cellsOf, decodeEntities, findAll, HTML_LIMITS, HtmlLimitError, parseHtml, rowsOf, textLines, textOf } from '../../../adapters/ipac/html-tree.ts';
import { encodeComponent, resolveLink, sessionIn } from '../../../adapters/ipac/url.ts';

describe('parseHtml', () => {
  it('closes unclosed cells and rows the way browsers do', () => {
    const root = parseHtml('<TABLE><TR><TH>馆址<TH>状态<TR height=15><TD>上海图书馆<TD>归还&nbsp;<TR><TD>普陀分馆<TD>借出</TABLE><p>after');
    const [table] = findAll(root, byTag('table'));
    expect(rowsOf(table!).map((r) => cellsOf(r).map(textOf))).toEqual([['馆址', '状态'], ['上海图书馆', '归还'], ['普陀分馆', '借出']]);
    expect(textLines(root).at(-1)).toBe('after');
  });

  it('keeps nested tables apart and ignores stray end tags', () => {
    const root = parseHtml('<table id=outer><tr><td><table><tr><td>inner</td></tr></table></b></div><td>second</table>');
    const outer = findAll(root, (e) => e.attrs.id === 'outer')[0]!;
    expect(rowsOf(outer)).toHaveLength(1);
    expect(cellsOf(rowsOf(outer)[0]!).map(textOf)).toEqual(['inner', 'second']);
  });

  it('reads quoted, single-quoted and unquoted attributes, and leaves script text alone', () => {
    const root = parseHtml(`<script>var s = "<td>not a cell</td>";</script><a href='ipac.jsp?a=1&amp;b=2' class=mediumBoldAnchor title="x &quot;y&quot;">t</a><input type=button value="其它馆址" disabled>`);
    const [a] = findAll(root, byTag('a'));
    expect(a?.attrs).toEqual({ href: 'ipac.jsp?a=1&b=2', class: 'mediumBoldAnchor', title: 'x "y"' });
    expect(findAll(root, byTag('td'))).toHaveLength(0);
    expect(findAll(root, byTag('input'))[0]?.attrs.disabled).toBe('');
  });

  it('decodes numeric and named entities and keeps unknown ones', () => {
    expect(decodeEntities('&#20013;&#x6587; &amp;&lt;&gt; &copy; &bogus; &#0;')).toBe('中文 &<> © &bogus; &#0;');
  });

  it('finds the holdings table by its labels, skipping rows that do not fit the header', () => {
    const root = parseHtml('<table><tr><td colspan=3>复本/藏书记录<tr><th>馆址<th>状态：<th>馆藏条码<tr><td>上海图书馆<td>归还<td>5412<tr><td colspan=3>更多…</table>');
    expect(readItemTable(root, ['馆址', '状态', '馆藏条码'])).toEqual({ labels: ['馆址', '状态', '馆藏条码'], rows: [['上海图书馆', '归还', '5412']], skippedRows: 1 });
  });
});

describe('page texts', () => {
  it('splits HIP publication lines', () => {
    expect(splitPublication('Cambridge University Press, 1978-<1991 >')).toEqual({ publisher: 'Cambridge University Press', pubDate: '1978-<1991 >' });
    expect(splitPublication('生活·读书·新知三联书店, 1997.')).toEqual({ publisher: '生活·读书·新知三联书店', pubDate: '1997.' });
    expect(splitPublication('Norton, c1990.')).toEqual({ publisher: 'Norton', pubDate: 'c1990.' });
    expect(splitPublication('Cambridge University Press')).toEqual({ publisher: 'Cambridge University Press' });
  });

  it('percent-encodes terms as bytes of the site charset', () => {
    expect(encodeComponent('红楼梦 1', 'gbk')).toBe('%BA%EC%C2%A5%C3%CE+1');
    expect(encodeComponent('红楼梦', 'utf-8')).toBe('%E7%BA%A2%E6%A5%BC%E6%A2%A6');
    expect(resolveLink('ipac.jsp?term=红楼梦&uri=full=3100001~!1~!0', 'http://ipac.test/ipac20/ipac.jsp?x=1', 'gbk')).toBe('http://ipac.test/ipac20/ipac.jsp?term=%BA%EC%C2%A5%C3%CE&uri=full=3100001~!1~!0');
  });

  it('finds the session id in links and in the search form', () => {
    expect(sessionIn('<a href="ipac.jsp?session=14406507U7SC5.1512&menu=search">')).toBe('14406507U7SC5.1512');
    expect(sessionIn('<input type="hidden" name="session" value="1A2B.3">')).toBe('1A2B.3');
    expect(sessionIn('<p>no session here</p>')).toBeUndefined();
  });
});

describe('parseHtml limits', () => {
  it('refuses nesting 10× past MAX_HTML_DEPTH with a typed error, in linear time', () => {
    const levels = HTML_LIMITS.MAX_HTML_DEPTH * 10;
    const page = `${'<table><tr><td>'.repeat(levels)}x${'</td></tr></table>'.repeat(levels)}`;
    expect(() => parseHtml(page)).toThrow(HtmlLimitError);
    expect(() => parseHtml(`<div>${'<b>'.repeat(levels)}x</div>`)).toThrow(/MAX_HTML_DEPTH/);
  });

  it('refuses a page 10× past MAX_HTML_LENGTH before reading it', () => {
    const error = (() => {
      try {
        parseHtml(' '.repeat(HTML_LIMITS.MAX_HTML_LENGTH * 10));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HtmlLimitError);
    expect((error as HtmlLimitError).diagnostic.code).toBe('html-limit');
  });

  it('reads nesting at the limit', () => {
    const depth = HTML_LIMITS.MAX_HTML_DEPTH - 1;
    const root = parseHtml(`${'<div>'.repeat(depth)}deep`);
    expect(textOf(root)).toBe('deep');
  });
});
