/**
 * Hard merge cases, written as a cataloguer meets them (labelling rules in
 * fixtures/merge/labelled/README.md): pre-1987 books whose 统一书号 outlives an edition and
 * a printing; later printings of one ISBN; hardcover and paperback; a Taiwan edition beside
 * the mainland one transcribed in Traditional characters; same title, other subtitle;
 * volumes of Chinese and English sets in MARC 21 (pinyin + 880), CNMARC (200 $h or 461)
 * and iPac, with and without their own ISBNs; conference proceedings; serials.
 *
 * Titles, people and presses are real or realistic; ISBNs are made up with the presses'
 * real prefixes and correct check digits.
 */
import { isbn13, pick, shuffle } from './records.ts';
import type { Book, Person } from './render.ts';

type Random = () => number;

const MARC21 = ['pku', 'thu', 'ccmu'];
const CNMARC = ['ruc', 'bnu', 'bupt', 'nlc'];

/** `n` holders with at least one of each of the given styles first. */
function holders(random: Random, n: number, must: readonly string[][] = [MARC21, CNMARC]): string[] {
  const out: string[] = [];
  for (const pool of must) {
    const free = pool.filter((l) => !out.includes(l));
    if (out.length < n && free.length > 0) out.push(pick(random, free));
  }
  const rest = shuffle(random, [...MARC21, ...CNMARC, 'shl'].filter((l) => !out.includes(l)));
  while (out.length < n && rest.length > 0) out.push(rest.shift() as string);
  return out;
}

function isbnMaker(): (prefix: string) => string {
  let n = 0;
  return (prefix) => {
    n++;
    const digits = 12 - prefix.length;
    return isbn13(`${prefix}${String((n * 7727 + 311) % 10 ** digits).padStart(digits, '0')}`);
  };
}

function zh(cjk: string, roman: string): Person {
  const [family, ...given] = roman.split(' ');
  return { family: family as string, given: given.join(' '), cjk };
}

interface Press {
  name: string;
  roman: string;
  place: string;
  prefix: string;
}

const P: Record<string, Press> = {
  renmin: { name: '人民出版社', roman: 'Ren min chu ban she', place: '北京', prefix: '9787010' },
  rmwx: { name: '人民文学出版社', roman: 'Ren min wen xue chu ban she', place: '北京', prefix: '9787020' },
  zhonghua: { name: '中华书局', roman: 'Zhonghua shu ju', place: '北京', prefix: '9787101' },
  shangwu: { name: '商务印书馆', roman: 'Shang wu yin shu guan', place: '北京', prefix: '9787100' },
  guji: { name: '上海古籍出版社', roman: 'Shanghai gu ji chu ban she', place: '上海', prefix: '97875325' },
  pku: { name: '北京大学出版社', roman: 'Beijing da xue chu ban she', place: '北京', prefix: '9787301' },
  sanlian: { name: '生活·读书·新知三联书店', roman: 'Sheng huo, du shu, xin zhi san lian shu dian', place: '北京', prefix: '9787108' },
  shjy: { name: '上海教育出版社', roman: 'Shanghai jiao yu chu ban she', place: '上海', prefix: '97875444' },
  qingnian: { name: '中国青年出版社', roman: 'Zhongguo qing nian chu ban she', place: '北京', prefix: '97875006' },
  shrm: { name: '上海人民出版社', roman: 'Shanghai ren min chu ban she', place: '上海', prefix: '9787208' },
  cishu: { name: '上海辞书出版社', roman: 'Shanghai ci shu chu ban she', place: '上海', prefix: '97875326' },
  hdsf: { name: '华东师范大学出版社', roman: 'Hua dong shi fan da xue chu ban she', place: '上海', prefix: '97875617' },
  bjtsg: { name: '北京图书馆出版社', roman: 'Beijing tu shu guan chu ban she', place: '北京', prefix: '97875013' },
  qinghua: { name: '清华大学出版社', roman: 'Qing hua da xue chu ban she', place: '北京', prefix: '9787302' },
  lianjing: { name: '联经出版事业公司', roman: 'Lian jing chu ban shi ye gong si', place: '台北', prefix: '97895708' },
  twsw: { name: '台湾商务印书馆', roman: 'Taiwan shang wu yin shu guan', place: '台北', prefix: '97895705' },
  sanmin: { name: '三民书局', roman: 'San min shu ju', place: '台北', prefix: '97895714' },
  dongda: { name: '东大图书公司', roman: 'Dong da tu shu gong si', place: '台北', prefix: '97895719' },
  lizen: { name: '里仁书局', roman: 'Li ren shu ju', place: '台北', prefix: '97895762' },
  zhengzhong: { name: '正中书局', roman: 'Zheng zhong shu ju', place: '台北', prefix: '97895709' },
};

/** Pre-1987 books: one 统一书号 for the first edition, its later printings and the second edition. */
function csbnEditions(random: Random): Book[] {
  const rows: [string, string, Person | string, Press, string, number, number][] = [
    ['中国史纲要', 'Zhongguo shi gang yao', zh('翦伯赞', 'Jian Bozan'), P.renmin as Press, '11001·452', 1979, 1983],
    ['中国文学史', 'Zhongguo wen xue shi', zh('游国恩', 'You Guoen'), P.rmwx as Press, '10019·1752', 1963, 1979],
    ['古代汉语', 'Gu dai Han yu', zh('王力', 'Wang Li'), P.zhonghua as Press, '9018·12', 1962, 1981],
    ['宋词选', 'Song ci xuan', zh('胡云翼', 'Hu Yunyi'), P.guji as Press, '10186·27', 1978, 1982],
    ['中国哲学史', 'Zhongguo zhe xue shi', zh('任继愈', 'Ren Jiyu'), P.renmin as Press, '2001·118', 1963, 1979],
    ['唐诗选', 'Tang shi xuan', '中国社会科学院文学研究所', P.rmwx as Press, '10019·2743', 1978, 1982],
    ['现代汉语', 'Xian dai Han yu', zh('胡裕树', 'Hu Yushu'), P.shjy as Press, '7150·1822', 1979, 1981],
    ['中国通史简编', 'Zhongguo tong shi jian bian', zh('范文澜', 'Fan Wenlan'), P.renmin as Press, '11001·117', 1965, 1978],
    ['鲁迅传', 'Lu Xun zhuan', zh('王士菁', 'Wang Shijing'), P.qingnian as Press, '10009·565', 1959, 1981],
    ['史记选', 'Shi ji xuan', zh('王伯祥', 'Wang Boxiang'), P.rmwx as Press, '10019·1106', 1957, 1982],
    ['中国历史地图集', 'Zhongguo li shi di tu ji', zh('谭其骧', 'Tan Qixiang'), P.renmin as Press, '12014·1004', 1975, 1982],
    ['文心雕龙注', 'Wen xin diao long zhu', zh('范文澜', 'Fan Wenlan'), P.rmwx as Press, '10019·1308', 1958, 1978],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, who, press, csbn, y1, y2], i) => {
    const family = `csbn-${i}`;
    const base: Book = {
      group: `${family}-ed1`, family, lang: 'chi', title, roman, authors: typeof who === 'string' ? [] : [who], ...(typeof who === 'string' ? { corporate: who } : {}),
      year: y1, publisher: press.name, romanPublisher: press.roman, place: press.place, csbn, libraries: holders(random, 2 + Math.floor(random() * 2)), hard: { kind: 'csbn-edition' },
    };
    books.push(base);
    books.push({ ...base, group: `${family}-ed2`, edition: 2, year: y2, libraries: holders(random, 2), hard: { kind: 'csbn-edition' } });
    // A later printing of the first edition, catalogued with the printing's year: another date, same 统一书号.
    if (i % 2 === 0) books.push({ ...base, group: `${family}-ed1-${y1 + 3}`, year: y1 + 3, libraries: holders(random, 1 + Math.floor(random() * 2), [CNMARC]), hard: { kind: 'csbn-reprint' } });
  });
  return books;
}

/** One ISBN, several printings: a library that records its copy's printing year still holds the same manifestation. */
function reprints(random: Random, next: (prefix: string) => string): Book[] {
  const rows: [string, string, Person, Press, number][] = [
    ['乡土中国', 'Xiang tu Zhongguo', zh('费孝通', 'Fei Xiaotong'), P.pku as Press, 2012],
    ['美的历程', 'Mei de li cheng', zh('李泽厚', 'Li Zehou'), P.sanlian as Press, 2009],
    ['国史大纲', 'Guo shi da gang', zh('钱穆', 'Qian Mu'), P.shangwu as Press, 2010],
    ['中国古代文化常识', 'Zhongguo gu dai wen hua chang shi', zh('王力', 'Wang Li'), P.shangwu as Press, 2008],
    ['唐宋词格律', 'Tang Song ci ge lü', zh('龙榆生', 'Long Yusheng'), P.guji as Press, 2009],
    ['谈美书简', 'Tan mei shu jian', zh('朱光潜', 'Zhu Guangqian'), P.zhonghua as Press, 2012],
    ['中国近代史', 'Zhongguo jin dai shi', zh('蒋廷黻', 'Jiang Tingfu'), P.shrm as Press, 2014],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, author, press, year], i) => {
    const family = `reprint-${i}`;
    const libraries = holders(random, 3, [MARC21, CNMARC, CNMARC]);
    const cn = libraries.filter((l) => CNMARC.includes(l));
    const base: Book = {
      group: `${family}-a`, family, lang: 'chi', title, roman, authors: [author], year, publisher: press.name, romanPublisher: press.roman, place: press.place,
      isbn: next(press.prefix), libraries, hard: { kind: 'reprint', printingAt: { [cn[cn.length - 1] as string]: { year: year + 2 + (i % 3), printing: 3 + i } } },
    };
    books.push(base);
    if (i % 2 === 1) books.push({ ...base, group: `${family}-ed2`, edition: 2, year: year + 6, isbn: next(press.prefix), libraries: holders(random, 2), hard: { kind: 'reprint' } });
  });
  const en: [string, Person, string, string, string, number][] = [
    ['Thinking, fast and slow', { family: 'Kahneman', given: 'Daniel', dates: '1934-' }, 'Farrar, Straus and Giroux', 'New York', '9780374', 2011],
    ['The great divergence', { family: 'Pomeranz', given: 'Kenneth' }, 'Princeton University Press', 'Princeton, N.J.', '9780691', 2000],
    ['Orientalism', { family: 'Said', given: 'Edward W.' }, 'Vintage Books', 'New York', '9780394', 1979],
  ];
  en.forEach(([title, author, publisher, place, prefix, year], i) => {
    const libraries = holders(random, 3, [MARC21, CNMARC, MARC21]);
    books.push({
      group: `reprint-en-${i}`, family: `reprint-en-${i}`, lang: 'eng', title, authors: [author], year, publisher, place, isbn: next(prefix), libraries,
      hard: { kind: 'reprint', printingAt: { [libraries[2] as string]: { year: year + 3, printing: 4 } } },
    });
  });
  return books;
}

/** Hardcover and paperback: two manifestations, each record naming its own binding and often listing the other's ISBN. */
function bindings(random: Random, next: (prefix: string) => string): Book[] {
  const rows: [string, string | undefined, Person[], string | undefined, string, string | undefined, string, string, number, number | undefined, 'chi' | 'eng'][] = [
    ['辞源', 'Ci yuan', [zh('何九盈', 'He Jiuying')], undefined, '商务印书馆', 'Shang wu yin shu guan', '北京', '9787100', 2015, 3, 'chi'],
    ['新华字典', 'Xin hua zi dian', [], '中国社会科学院语言研究所', '商务印书馆', 'Shang wu yin shu guan', '北京', '9787100', 2011, 11, 'chi'],
    ['全唐诗', 'Quan Tang shi', [zh('彭定求', 'Peng Dingqiu')], undefined, '中华书局', 'Zhonghua shu ju', '北京', '9787101', 1999, undefined, 'chi'],
    ['古文观止', 'Gu wen guan zhi', [zh('吴楚材', 'Wu Chucai')], undefined, '中华书局', 'Zhonghua shu ju', '北京', '9787101', 2016, undefined, 'chi'],
    ['辞海', 'Ci hai', [], '辞海编辑委员会', '上海辞书出版社', 'Shanghai ci shu chu ban she', '上海', '97875326', 2009, 6, 'chi'],
    ['Guns, germs, and steel', undefined, [{ family: 'Diamond', given: 'Jared M.' }], undefined, 'W.W. Norton', undefined, 'New York', '9780393', 1997, undefined, 'eng'],
    ['The Cambridge illustrated history of China', undefined, [{ family: 'Ebrey', given: 'Patricia Buckley', dates: '1947-' }], undefined, 'Cambridge University Press', undefined, 'Cambridge', '9780521', 1996, undefined, 'eng'],
    ['The search for modern China', undefined, [{ family: 'Spence', given: 'Jonathan D.' }], undefined, 'Norton', undefined, 'New York', '9780393', 1990, undefined, 'eng'],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, authors, corporate, publisher, romanPublisher, place, prefix, year, edition, lang], i) => {
    const family = `binding-${i}`;
    const hardIsbn = next(prefix);
    const softIsbn = next(prefix);
    const base: Book = {
      group: `${family}-hard`, family, lang, title, ...(roman ? { roman } : {}), authors, ...(corporate ? { corporate } : {}), year, ...(edition ? { edition } : {}), publisher,
      ...(romanPublisher ? { romanPublisher } : {}), place, isbn: hardIsbn, libraries: holders(random, 2), hard: { kind: 'binding', binding: 'hard', otherBinding: { binding: 'soft', isbn: softIsbn } },
    };
    books.push(base, { ...base, group: `${family}-soft`, isbn: softIsbn, libraries: holders(random, 2 + (i % 2)), hard: { kind: 'binding', binding: 'soft', otherBinding: { binding: 'hard', isbn: hardIsbn } } });
  });
  return books;
}

/** A Taiwan edition in Traditional characters beside the mainland edition, which one library transcribes in Traditional. */
function taiwanEditions(random: Random, next: (prefix: string) => string): Book[] {
  const rows: [string, string, Person, Press, number, Press, number][] = [
    ['中国近三百年学术史', 'Zhongguo jin san bai nian xue shu shi', zh('梁启超', 'Liang Qichao'), P.zhonghua as Press, 2010, P.twsw as Press, 1994],
    ['国史大纲', 'Guo shi da gang', zh('钱穆', 'Qian Mu'), P.shangwu as Press, 1996, P.twsw as Press, 1995],
    ['中国历代政治得失', 'Zhongguo li dai zheng zhi de shi', zh('钱穆', 'Qian Mu'), P.sanlian as Press, 2001, P.dongda as Press, 2001],
    ['中国小说史略', 'Zhongguo xiao shuo shi lüe', zh('鲁迅', 'Lu Xun'), P.rmwx as Press, 2006, P.lizen as Press, 1994],
    ['史学方法论', 'Shi xue fang fa lun', zh('杜维运', 'Du Weiyun'), P.pku as Press, 2006, P.sanmin as Press, 1979],
    ['雅舍小品', 'Ya she xiao pin', zh('梁实秋', 'Liang Shiqiu'), P.rmwx as Press, 2011, P.zhengzhong as Press, 1990],
    ['中国文化要义', 'Zhongguo wen hua yao yi', zh('梁漱溟', 'Liang Shuming'), P.shrm as Press, 2005, P.zhengzhong as Press, 2005],
    ['读史阅世六十年', 'Du shi yue shi liu shi nian', zh('何炳棣', 'He Bingdi'), P.zhonghua as Press, 2012, P.lianjing as Press, 2004],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, author, mainland, y1, taiwan, y2], i) => {
    const family = `taiwan-${i}`;
    const libraries = [...holders(random, 2, [MARC21, CNMARC]), 'shljp'];
    books.push({
      group: `${family}-mainland`, family, lang: 'chi', title, roman, authors: [author], year: y1, publisher: mainland.name, romanPublisher: mainland.roman, place: mainland.place,
      isbn: next(mainland.prefix), libraries, hard: { kind: 'taiwan', tradAt: ['shljp'] },
    });
    books.push({
      group: `${family}-taiwan`, family, lang: 'chi', title, roman, authors: [author], year: y2, publisher: taiwan.name, romanPublisher: taiwan.roman, place: taiwan.place,
      isbn: next(taiwan.prefix), libraries: holders(random, 2), hard: { kind: 'taiwan', traditionalScript: true },
    });
  });
  return books;
}

/** Same main title, author, press and year, other subtitle: two books. A record without the subtitle is still its book. */
function subtitles(random: Random, next: (prefix: string) => string): Book[] {
  const rows: [string, string | undefined, string, string, Person, string, string | undefined, string, string, number, 'chi' | 'eng'][] = [
    ['Perl', undefined, "programmer's reference", 'the complete reference', { family: 'Brown', given: 'Martin C.' }, 'Osborne/McGraw-Hill', undefined, 'Berkeley, Calif.', '9780072', 1999, 'eng'],
    ['Java', undefined, 'the complete reference', "a beginner's guide", { family: 'Schildt', given: 'Herbert' }, 'McGraw-Hill Education', undefined, 'New York', '9780071', 2014, 'eng'],
    ['C++', undefined, 'the complete reference', "a beginner's guide", { family: 'Schildt', given: 'Herbert' }, 'McGraw-Hill/Osborne', undefined, 'Berkeley, Calif.', '9780072', 2003, 'eng'],
    ['Linux', undefined, 'the complete reference', 'administration handbook', { family: 'Petersen', given: 'Richard' }, 'McGraw-Hill', undefined, 'New York', '9780071', 2008, 'eng'],
    ['Statistics', undefined, 'an introduction', 'concepts and controversies', { family: 'Moore', given: 'David S.' }, 'W.H. Freeman', undefined, 'New York', '9780716', 2001, 'eng'],
    ['图书馆学概论', 'Tu shu guan xue gai lun', '理论与实践', '教学参考资料', zh('吴慰慈', 'Wu Weici'), '北京图书馆出版社', 'Beijing tu shu guan chu ban she', '北京', '97875013', 2002, 'chi'],
    ['中国近代史', 'Zhongguo jin dai shi', '1840-1919', '纲要', zh('李侃', 'Li Kan'), '中华书局', 'Zhonghua shu ju', '北京', '9787101', 1994, 'chi'],
    ['数据结构', 'Shu ju jie gou', 'C语言版', '用面向对象方法与C++语言描述', zh('严蔚敏', 'Yan Weimin'), '清华大学出版社', 'Qing hua da xue chu ban she', '北京', '9787302', 2007, 'chi'],
    ['明史', 'Ming shi', '帝国的黄昏', '讲义', zh('孟森', 'Meng Sen'), '中华书局', 'Zhonghua shu ju', '北京', '9787101', 2006, 'chi'],
    ['唐诗', 'Tang shi', '鉴赏辞典', '三百首详注', zh('萧涤非', 'Xiao Difei'), '上海辞书出版社', 'Shanghai ci shu chu ban she', '上海', '97875326', 2004, 'chi'],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, sub1, sub2, author, publisher, romanPublisher, place, prefix, year, lang], i) => {
    const family = `subtitle-${i}`;
    // Romanized subtitles are not compared (romanization differs): CJK books carry them in 汉字 only where the format has them.
    const a: Book = {
      group: `${family}-a`, family, lang, title, ...(roman ? { roman } : {}), subtitle: sub1, authors: [author], year, publisher, ...(romanPublisher ? { romanPublisher } : {}), place,
      isbn: next(prefix), libraries: holders(random, 2 + (i % 2), [MARC21, CNMARC]), hard: { kind: 'subtitle' },
    };
    const b: Book = { ...a, group: `${family}-b`, subtitle: sub2, isbn: next(prefix), libraries: holders(random, 2, [CNMARC, MARC21]), hard: { kind: 'subtitle' } };
    // One library drops the subtitle of the first book; one record of the second has no ISBN.
    if (i % 3 === 0) a.hard = { kind: 'subtitle', noSubtitleAt: [a.libraries[a.libraries.length - 1] as string] };
    // Brief or retrospective records without ISBN: only the subtitle tells the two books apart.
    if (i % 2 === 0) b.noIsbnAt = [b.libraries[1] as string];
    else b.noIsbnAt = [...b.libraries];
    books.push(a, b);
  });
  return books;
}

/** Volumes of sets, each catalogued by several libraries in their own format and script. */
function volumes(random: Random, next: (prefix: string) => string): Book[] {
  const sets: { title: string; roman: string; author: Person; press: Press; year: number; unit: string; ownIsbns: boolean; vols: [string, string][] }[] = [
    { title: '中国通史', roman: 'Zhongguo tong shi', author: zh('白寿彝', 'Bai Shouyi'), press: P.shrm as Press, year: 1989, unit: '卷', ownIsbns: true, vols: [['导论', 'Dao lun'], ['远古时代', 'Yuan gu shi dai'], ['上古时代', 'Shang gu shi dai']] },
    { title: '全宋词', roman: 'Quan Song ci', author: zh('唐圭璋', 'Tang Guizhang'), press: P.zhonghua as Press, year: 1999, unit: '册', ownIsbns: false, vols: [['', ''], ['', ''], ['', '']] },
    { title: '鲁迅全集', roman: 'Lu Xun quan ji', author: zh('鲁迅', 'Lu Xun'), press: P.rmwx as Press, year: 2005, unit: '卷', ownIsbns: true, vols: [['坟 热风 呐喊', 'Fen Re feng Na han'], ['彷徨 野草 朝花夕拾 故事新编', 'Pang huang Ye cao Zhao hua xi shi Gu shi xin bian'], ['华盖集 华盖集续编 而已集', 'Hua gai ji Hua gai ji xu bian Er yi ji']] },
    { title: '中国哲学史新编', roman: 'Zhongguo zhe xue shi xin bian', author: zh('冯友兰', 'Feng Youlan'), press: P.renmin as Press, year: 1998, unit: '册', ownIsbns: false, vols: [['', ''], ['', '']] },
    { title: '中国美术史', roman: 'Zhongguo mei shu shi', author: zh('王伯敏', 'Wang Bomin'), press: P.shrm as Press, year: 2005, unit: '卷', ownIsbns: true, vols: [['原始卷', 'Yuan shi juan'], ['夏商周卷', 'Xia Shang Zhou juan']] },
  ];
  const books: Book[] = [];
  sets.forEach((s, i) => {
    const family = `volumes-${i}`;
    const setIsbn = next(s.press.prefix);
    const linkAt = [pick(random, CNMARC)];
    if (!s.ownIsbns) {
      books.push({ group: `${family}-set`, family, lang: 'chi', title: s.title, roman: s.roman, authors: [s.author], year: s.year, publisher: s.press.name, romanPublisher: s.press.roman, place: s.press.place, isbn: setIsbn, libraries: holders(random, 1, [CNMARC]), hard: { kind: 'volume-set' } });
    }
    s.vols.forEach(([name, roman], v) => {
      const number = v + 1;
      const libraries = holders(random, 3, [MARC21, CNMARC, ['shljp', 'shl']]);
      books.push({
        group: `${family}-v${number}`, family, lang: 'chi', title: s.title, roman: s.roman, authors: [s.author], year: s.year + (s.ownIsbns ? v : 0), publisher: s.press.name, romanPublisher: s.press.roman, place: s.press.place,
        part: { set: s.title, number, name }, ...(s.ownIsbns ? { isbn: next(s.press.prefix) } : { isbn: setIsbn }),
        libraries, hard: { kind: 'volume', unit: s.unit, ...(roman ? { partRoman: roman } : {}), linkAt, tradAt: ['shljp'], ...(s.ownIsbns ? { setIsbn } : { sharedIsbn: true }) },
      });
    });
  });
  // An English set: every volume has its own ISBN; the set's ISBN is in 020 $z or qualified "set".
  const needham = { family: 'Needham', given: 'Joseph', dates: '1900-1995' };
  const scc = 'Science and civilisation in China';
  const sccSet = isbn13('978052105799');
  [['Introductory orientations', 1954], ['History of scientific thought', 1956], ['Mathematics and the sciences of the heavens and the earth', 1959]].forEach(([name, year], v) => {
    books.push({
      group: `scc-v${v + 1}`, family: 'scc', lang: 'eng', title: scc, authors: [needham], year: year as number, publisher: 'Cambridge University Press', place: 'Cambridge',
      part: { set: scc, number: v + 1, name: name as string }, isbn: next('9780521'), libraries: holders(random, 3, [MARC21, CNMARC, ['shl']]), hard: { kind: 'volume', setIsbn: sccSet },
    });
  });
  return books;
}

/** Proceedings: a conference series keeps its title from year to year; each year's volume is its own book. */
function proceedings(random: Random, next: (prefix: string) => string): Book[] {
  const books: Book[] = [];
  const series: [string, string | undefined, string, string, string | undefined, string, string, number[]][] = [
    ['中国图书馆学会年会论文集', 'Zhongguo tu shu guan xue hui nian hui lun wen ji', '中国图书馆学会', '国家图书馆出版社', 'Guo jia tu shu guan chu ban she', '北京', '97875013', [2011, 2012, 2013]],
    ['Proceedings of the ACM/IEEE Joint Conference on Digital Libraries', undefined, 'ACM/IEEE Joint Conference on Digital Libraries', 'Association for Computing Machinery', undefined, 'New York', '9781450', [2012, 2013]],
    ['Digital libraries : knowledge, information, and data in an open access society', undefined, 'International Conference on Asian Digital Libraries', 'Springer', undefined, 'Cham', '9783319', [2016]],
    ['Digital libraries : providing quality information', undefined, 'International Conference on Asian Digital Libraries', 'Springer', undefined, 'Cham', '9783319', [2015]],
    ['全国计算语言学学术会议论文集', 'Quan guo ji suan yu yan xue xue shu hui yi lun wen ji', '中国中文信息学会', '清华大学出版社', 'Qing hua da xue chu ban she', '北京', '9787302', [2013, 2015]],
  ];
  series.forEach(([title, roman, meeting, publisher, romanPublisher, place, prefix, years], i) => {
    years.forEach((year, y) => {
      const [main, sub] = title.split(' : ');
      books.push({
        group: `proc-${i}-${year}`, family: `proc-${i}`, lang: roman ? 'chi' : 'eng', title: main as string, ...(sub ? { subtitle: sub } : {}), ...(roman ? { roman } : {}), authors: [], year, publisher,
        ...(romanPublisher ? { romanPublisher } : {}), place, isbn: next(prefix),
        libraries: holders(random, 2 + (y % 2)), hard: { kind: 'proceedings', meeting: roman ? `${meeting}${year}年学术年会` : `${meeting} (${year})` },
      });
    });
  });
  return books;
}

/** Serials: one record per title, matched by ISSN; the online version and look-alike titles stay apart. */
function serials(random: Random): Book[] {
  const rows: [string, string | undefined, string, string, string, string, number, string | undefined][] = [
    ['中国图书馆学报', 'Zhongguo tu shu guan xue bao', '中国图书馆学会', '中国图书馆学报编辑部', '北京', '1001-8867', 1957, undefined],
    ['大学图书馆学报', 'Da xue tu shu guan xue bao', '北京大学', '大学图书馆学报编辑部', '北京', '1002-1027', 1983, undefined],
    ['图书情报工作', 'Tu shu qing bao gong zuo', '中国科学院文献情报中心', '图书情报工作杂志社', '北京', '0252-3116', 1956, undefined],
    ['历史研究', 'Li shi yan jiu', '中国社会科学院', '历史研究编辑部', '北京', '0459-1801', 1954, undefined],
    ['图书馆', 'Tu shu guan', '湖南图书馆', '图书馆杂志社', '长沙', '1002-1558', 1979, undefined],
    ['The journal of Asian studies', undefined, 'Association for Asian Studies', 'Association for Asian Studies', 'Ann Arbor, Mich.', '0021-9118', 1956, '1752-0401'],
    ['The China quarterly', undefined, 'School of Oriental and African Studies', 'Cambridge University Press', 'London', '0305-7410', 1960, '1468-2648'],
    ["T'oung pao", undefined, 'Brill', 'E.J. Brill', 'Leiden', '0082-5433', 1890, undefined],
  ];
  const books: Book[] = [];
  rows.forEach(([title, roman, corporate, publisher, place, issn, year, eissn], i) => {
    const base: Book = {
      group: `serial-${i}`, family: `serial-${i}`, lang: roman ? 'chi' : 'eng', title, ...(roman ? { roman } : {}), authors: [], corporate, year, publisher, place, issn,
      libraries: holders(random, 3, [MARC21, CNMARC, ['shl']]), hard: { kind: 'serial' },
    };
    books.push(base);
    if (eissn) books.push({ ...base, group: `serial-${i}-online`, electronic: true, issn: eissn, libraries: holders(random, 1), hard: { kind: 'serial' } });
  });
  return books;
}

export function hardCaseBooks(random: Random): Book[] {
  const next = isbnMaker();
  return [
    ...csbnEditions(random),
    ...reprints(random, next),
    ...bindings(random, next),
    ...taiwanEditions(random, next),
    ...subtitles(random, next),
    ...volumes(random, next),
    ...proceedings(random, next),
    ...serials(random),
  ];
}
