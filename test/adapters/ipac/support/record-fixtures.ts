/**
 * Writes the raw pages of fixtures/ipac/<case>/ from the simulator's renderers, so the
 * fixture pages and the simulator agree (run: npx tsx test/adapters/ipac/support/record-fixtures.ts).
 * Cases whose pages are edited by hand (html-malformed, wrong-charset, the faults) are not rewritten.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { findRecord, loadSimCatalogue, searchCatalogue } from '../../../../adapters/ipac/sim/catalogue.ts';
import { htmlBranches, htmlFull, htmlList, htmlNoHits, type HtmlContext } from '../../../../adapters/ipac/sim/html.ts';
import { xmlFull, xmlList, type XmlContext } from '../../../../adapters/ipac/sim/xml.ts';

const ROOT = join(import.meta.dirname, '../../../../fixtures/ipac');
const catalogue = loadSimCatalogue();
const SEED = 'The Cambridge History of China';
const session = '14406507U7SC5.1512';

function write(name: string, file: string, text: string, charset: 'utf-8' | 'gbk' = 'utf-8'): void {
  mkdirSync(join(ROOT, name), { recursive: true });
  writeFileSync(join(ROOT, name, file), charset === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
}

function record(key: string) {
  const found = findRecord(catalogue, key);
  if (!found) throw new Error(`no record ${key}`);
  return found;
}

const hits = searchCatalogue(catalogue, [{ index: '.TW', term: SEED }]);
const rows = (page: number, npp: number) => hits.slice((page - 1) * npp, page * npp).map((r, i) => ({ record: r, position: (page - 1) * npp + i + 1 }));
const xmlCtx = (encoding: 'UTF-8' | 'GBK', term = SEED, index = '.TW'): XmlContext => ({ encoding, session, term, index });
const htmlCtx = (charset: 'utf-8' | 'gbk', term = SEED, index = '.TW'): HtmlContext => ({ charset, session, profile: 'sl', catalogueName: catalogue.name, term, index });

write('xml-result-list', 'list.xml', xmlList(xmlCtx('UTF-8'), hits.length, 1, 20, rows(1, 20)));
for (const page of [1, 2, 3]) write('paging', `page${page}.xml`, xmlList(xmlCtx('UTF-8'), hits.length, page, 5, rows(page, 5)));
write('xml-single-hit', 'full.xml', xmlFull(xmlCtx('GBK', 'Fairbank Mote', '.AW'), record('0563121'), { hits: 1, itemsPerPage: 1000 }), 'gbk');
write('layout-drift', 'full.xml', xmlFull(xmlCtx('UTF-8', 'Fairbank Mote', '.AW'), record('0563121'), { hits: 1, drift: true, itemsPerPage: 1000 }));
write('html-result-list-gbk', 'list.html', htmlList(htmlCtx('gbk'), hits.length, 1, 20, rows(1, 20)), 'gbk');
write('html-full-display-branches', 'full.html', htmlFull(htmlCtx('gbk', 'Fairbank Mote', '.AW'), record('0563121'), catalogue.mainBranch, { withOtherBranches: true }), 'gbk');
for (const page of [1, 2]) write('html-full-display-branches', `branches${page}.html`, htmlBranches(htmlCtx('gbk'), record('0563121'), page, 4, false), 'gbk');

const huang = searchCatalogue(catalogue, [{ index: '.AW', term: '黄仁宇' }]).map((r, i) => ({ record: r, position: i + 1 }));
// GBK bytes; the case serves them under a UTF-8 Content-Type.
write('wrong-charset', 'list.html', htmlList(htmlCtx('gbk', '黄仁宇', '.AW'), huang.length, 1, 20, huang), 'gbk');
write('xml-quirk-html-first', 'first.html', htmlList(htmlCtx('utf-8', '黄仁宇', '.AW'), huang.length, 1, 20, huang));
write('xml-quirk-html-first', 'second.xml', xmlList(xmlCtx('UTF-8', '黄仁宇', '.AW'), huang.length, 1, 20, huang));
write('no-hits', 'none.html', htmlNoHits(htmlCtx('gbk', '不存在的书名')), 'gbk');
