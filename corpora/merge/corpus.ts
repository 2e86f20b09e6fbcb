/**
 * Labelled merge corpora: manifestations ("books") with known duplicate groups, rendered
 * by several libraries in their own cataloguing style (render.ts). Near misses are built
 * on purpose: volumes of one set and the set record, other editions, e-books, translations,
 * the same title by other authors, the same title/author/year from another press.
 *
 * `labelledCorpus()` is the committed quality fixture (fixtures/merge/labelled/);
 * `benchCorpus(n)` scales the same recipe for bench/merge.ts.
 */
import type { BibRecord } from '../../src/records/model.ts';
import { curatedBooks } from './curated.ts';
import { hardCaseBooks } from './hard-cases.ts';
import { isbn13, pick, rng } from './records.ts';
import { LIBRARY_STYLE, renderBook, type Book, type Person } from './render.ts';

export interface LabelledRecord {
  /** True duplicate group: records with the same group describe the same manifestation. */
  group: string;
  /** Near-miss family: groups in one family look alike but must stay apart. */
  family: string;
  /** Which kind of case the record belongs to: curated, synthetic, or a hard-case type (hard-cases.ts). */
  case: string;
  record: BibRecord;
}

const LIBRARIES = Object.keys(LIBRARY_STYLE).filter((l) => l !== 'shljp');
const EN_ADJ = ['A social', 'An economic', 'A cultural', 'A political', 'The intellectual', 'A brief', 'The urban', 'A concise', 'The religious', 'A legal'];
const EN_NOUN = ['history', 'geography', 'anthropology', 'archaeology'];
const EN_PLACE = ['Shanghai', 'Beijing', 'Ming China', 'the Song dynasty', 'Jiangnan', 'Tang China', 'the Yangzi delta', 'Qing China', 'Republican China', 'Manchuria', 'Lingnan', 'Sichuan'];
const ZH_PLACE = ['上海', '北京', '明代', '宋代', '江南', '唐代', '长江三角洲', '清代', '民国', '东北', '岭南', '四川'];
const ZH_TOPIC: Record<string, string> = { 'A social': '社会史', 'An economic': '经济史', 'A cultural': '文化史', 'A political': '政治史', 'The intellectual': '思想史', 'A brief': '简史', 'The urban': '城市史', 'A concise': '史纲', 'The religious': '宗教史', 'A legal': '法制史' };
/** One per EN_NOUN, so Chinese titles stay as unique as the English ones. */
const ZH_PREFIX = ['', '新编', '简明', '续修'];
/** Further rounds of the title grid, for large benchmark corpora. */
const ZH_ROUND = ['', '初探', '论纲', '考述', '通论', '举要', '丛考', '新论'];
const EN_ROUND = ['', ' revisited', ' reconsidered', ' in perspective', ' in context', ' in transition', ' in practice', ' in outline'];
const EN_FAMILY = ['Smith', 'Elvin', 'Brook', 'Spence', 'Rowe', 'Pomeranz', 'Kuhn', 'Naquin', 'Wakeman', 'Esherick', 'Mann', 'Rawski'];
const EN_GIVEN = ['Timothy James', 'Mark', 'Jonathan D.', 'William T.', 'Kenneth', 'Philip A.', 'Susan', 'Frederic E.', 'Joseph W.', 'Susan L.', 'Evelyn S.', 'Richard'];
const ZH_FAMILY: [string, string][] = [['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['黄', 'Huang'], ['赵', 'Zhao'], ['周', 'Zhou'], ['吴', 'Wu'], ['郑', 'Zheng'], ['冯', 'Feng']];
const ZH_GIVEN: [string, string][] = [['建国', 'Jianguo'], ['晓明', 'Xiaoming'], ['志强', 'Zhiqiang'], ['丽华', 'Lihua'], ['国栋', 'Guodong'], ['文博', 'Wenbo'], ['海涛', 'Haitao'], ['振华', 'Zhenhua'], ['书乐', 'Shule'], ['东阳', 'Dongyang']];
const ZH_PRESS = ['中华书局', '商务印书馆', '上海古籍出版社', '北京大学出版社', '人民出版社', '生活·读书·新知三联书店', '社会科学文献出版社'];
const EN_PRESS: [string, string][] = [['Stanford University Press', 'Stanford'], ['University of California Press', 'Berkeley'], ['Harvard University Press', 'Cambridge, Mass.'], ['Routledge', 'London'], ['Brill', 'Leiden']];

/** How many libraries hold one manifestation: most books are in one to three. */
function holderCount(random: () => number): number {
  const r = random();
  return r < 0.3 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
}

function holders(random: () => number, n: number): string[] {
  const pool = [...LIBRARIES];
  const out: string[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as string);
  return out;
}

/** Synthetic manifestations with near-miss siblings; `index` makes titles unique. */
function syntheticFamily(random: () => number, index: number, nextIsbn: (prefix: string) => string): Book[] {
  const adj = EN_ADJ[index % EN_ADJ.length] as string;
  const noun = EN_NOUN[Math.floor(index / EN_ADJ.length) % EN_NOUN.length] as string;
  const placeIndex = Math.floor(index / (EN_ADJ.length * EN_NOUN.length)) % EN_PLACE.length;
  const round = Math.floor(index / (EN_ADJ.length * EN_NOUN.length * EN_PLACE.length));
  const family = `syn-${index}`;
  const year = 1975 + Math.floor(random() * 45);
  const chinese = random() < 0.5;
  const books: Book[] = [];
  if (chinese) {
    const [f, fr] = pick(random, ZH_FAMILY);
    const [g, gr] = pick(random, ZH_GIVEN);
    const author: Person = { family: fr, given: gr, cjk: `${f}${g}` };
    const title = `${ZH_PREFIX[Math.floor(index / EN_ADJ.length) % EN_NOUN.length]}${ZH_PLACE[placeIndex]}${ZH_TOPIC[adj]}${ZH_ROUND[round % ZH_ROUND.length]}`;
    const base: Book = { group: `${family}-a`, family, lang: 'chi', title, authors: [author], year, publisher: pick(random, ZH_PRESS), place: '北京', isbn: nextIsbn('978710'), libraries: holders(random, holderCount(random)) };
    books.push(base);
    const kind = random();
    if (kind < 0.15) books.push({ ...base, group: `${family}-ed2`, edition: 2, year: year + 4, isbn: nextIsbn('978710'), libraries: holders(random, holderCount(random)) });
    else if (kind < 0.3) books.push({ ...base, group: `${family}-press`, publisher: pick(random, ZH_PRESS.filter((p) => p !== base.publisher)), isbn: nextIsbn('978753'), libraries: holders(random, holderCount(random)) });
    else if (kind < 0.42) {
      const [f2, fr2] = pick(random, ZH_FAMILY.filter(([c]) => c !== f));
      books.push({ ...base, group: `${family}-other-author`, authors: [{ family: fr2, given: gr, cjk: `${f2}${g}` }], isbn: nextIsbn('978730'), libraries: holders(random, holderCount(random)) });
    } else if (kind < 0.5) books.push({ ...base, group: `${family}-ebook`, electronic: true, isbn: nextIsbn('978751'), printIsbn: base.isbn, libraries: holders(random, 1 + Math.floor(random() * 2)) });
    // Some records carry no ISBN at all (older or brief records): they must match on title + author + year.
    if (random() < 0.25 && base.libraries.length > 1) base.noIsbnAt = [base.libraries[0] as string];
  } else {
    const idx = Math.floor(random() * EN_FAMILY.length);
    const author: Person = { family: EN_FAMILY[idx] as string, given: EN_GIVEN[idx] as string, dates: `19${40 + idx}-` };
    const [press, place] = pick(random, EN_PRESS);
    const title = `${adj} ${noun} of ${EN_PLACE[placeIndex]}${EN_ROUND[round % EN_ROUND.length]}`;
    const base: Book = { group: `${family}-a`, family, lang: 'eng', title, authors: [author], year, publisher: press, place, isbn: nextIsbn('978080'), libraries: holders(random, holderCount(random)) };
    if (random() < 0.3) base.subtitle = pick(random, ['a new perspective', 'sources and methods', 'from the tenth century to the present', 'an introduction']);
    books.push(base);
    const kind = random();
    if (kind < 0.18) books.push({ ...base, group: `${family}-ed2`, edition: 2, year: year + 6, isbn: nextIsbn('978080'), libraries: holders(random, holderCount(random)) });
    else if (kind < 0.3) books.push({ ...base, group: `${family}-ebook`, electronic: true, isbn: nextIsbn('978113'), printIsbn: base.isbn, libraries: holders(random, 1 + Math.floor(random() * 2)) });
    else if (kind < 0.42) {
      const [f, fr] = pick(random, ZH_FAMILY);
      books.push({ group: `${family}-zh`, family, lang: 'chi', title: `${ZH_PLACE[placeIndex]}${ZH_TOPIC[adj]}`, authors: [{ ...author, cjk: `${f}${'文'}` , family: fr, given: 'Wen' }], year: year + 3, publisher: pick(random, ZH_PRESS), place: '北京', isbn: nextIsbn('978720'), notes: [`译自: ${title}`], libraries: holders(random, holderCount(random)) });
    } else if (kind < 0.52) {
      const setTitle = `${adj.replace(/^An? /u, 'The ')} ${noun} of ${EN_PLACE[placeIndex]}${EN_ROUND[round % EN_ROUND.length]}`;
      books.pop();
      const volumes = [1, 2, 3].map((n) => ({ number: n, isbn: nextIsbn('978080') }));
      books.push({ ...base, group: `${family}-set`, title: setTitle, setVolumes: volumes, isbn: undefined, libraries: holders(random, 1 + Math.floor(random() * 2)) });
      for (const v of volumes) {
        books.push({ ...base, group: `${family}-v${v.number}`, title: setTitle, part: { set: setTitle, number: v.number, name: pick(random, ['Early period', 'Middle period', 'Late period', 'Sources']) }, isbn: v.isbn, libraries: holders(random, holderCount(random)) });
      }
    }
    if (random() < 0.2 && base.libraries.length > 1) base.noIsbnAt = [base.libraries[base.libraries.length - 1] as string];
  }
  return books;
}

function render(books: readonly Book[], seed: number, caseOf: (book: Book) => string = () => 'synthetic'): LabelledRecord[] {
  const random = rng(seed);
  const out: LabelledRecord[] = [];
  let local = 100000;
  for (const book of books) {
    for (const library of book.libraries) {
      local += 1 + Math.floor(random() * 7);
      out.push({ group: book.group, family: book.family, case: caseOf(book), record: renderBook(book, library, String(local), random) });
    }
  }
  return out;
}

function isbnCounter(): (prefix: string) => string {
  let n = 0;
  return (prefix) => {
    n++;
    return isbn13(`${prefix}${String(n * 7919 % 1000000).padStart(6, '0')}`);
  };
}

/** The committed labelled set: curated real-world cases plus synthetic families (≥ 200 records). */
export function labelledCorpus(): LabelledRecord[] {
  const random = rng(20240611);
  const next = isbnCounter();
  const books: Book[] = [...curatedBooks()];
  const curated = new Set(books);
  for (let i = 0; books.reduce((s, b) => s + b.libraries.length, 0) < 240; i++) books.push(...syntheticFamily(random, i, next));
  books.push(...hardCaseBooks(rng(20261205)));
  return render(books, 7, (book) => book.hard?.kind ?? (curated.has(book) ? 'curated' : 'synthetic'));
}

/** About `count` records with the same recipe (realistic duplicate rate), for benchmarks. */
export function benchCorpus(count: number, seed = 1): LabelledRecord[] {
  const random = rng(seed);
  const next = isbnCounter();
  const books: Book[] = [];
  let records = 0;
  for (let i = 0; records < count; i++) {
    for (const book of syntheticFamily(random, i, next)) {
      books.push(book);
      records += book.libraries.length;
    }
  }
  return render(books, seed + 1).slice(0, count);
}
