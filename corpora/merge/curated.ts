/**
 * Hand-written cases from the seed and from the kinds of books BALIS readers ask for:
 * The Cambridge History of China (set + volumes), 万历十五年 / 1587 (original, other
 * edition, translation), 红楼梦 from three presses in one year, 中国通史 by two authors,
 * editions and the e-book of Introduction to algorithms, a Japanese novel and its Chinese
 * translation, a journal, yearbooks, a pre-ISBN book with 统一书号, a misprinted ISBN.
 */
import { isbn13 } from './records.ts';
import type { Book, Person } from './render.ts';

const twitchett: Person = { family: 'Twitchett', given: 'Denis Crispin', dates: '1925-2006' };
const fairbank: Person = { family: 'Fairbank', given: 'John King', dates: '1907-1991' };
const mote: Person = { family: 'Mote', given: 'Frederick W.' };
const huang: Person = { family: 'Huang', given: 'Renyu', cjk: '黄仁宇' };
const cao: Person = { family: 'Cao', given: 'Xueqin', cjk: '曹雪芹' };
const murakami: Person = { family: 'Murakami', given: 'Haruki', cjk: '村上春树' };
const CUP = { publisher: 'Cambridge University Press', place: 'Cambridge' };

export function curatedBooks(): Book[] {
  const chc7 = isbn13('978052124332');
  const chc8 = isbn13('978052124333');
  const chc10 = isbn13('978052121447');
  const clrs3 = isbn13('978026203384');
  const chcSet = 'The Cambridge history of China';
  const misprint = (() => {
    const good = isbn13('978753252450');
    return `${good.slice(0, 12)}${(Number(good[12]) + 3) % 10}`;
  })();
  return [
    { group: 'chc-set', family: 'chc', lang: 'eng', title: chcSet, authors: [twitchett, fairbank], year: 1978, ...CUP, lccn: '76029852', setVolumes: [{ number: 7, isbn: chc7 }, { number: 8, isbn: chc8 }, { number: 10, isbn: chc10 }], subjects: ['China -- History'], libraries: ['pku', 'ruc', 'shl'] },
    { group: 'chc-v7', family: 'chc', lang: 'eng', title: chcSet, part: { set: chcSet, number: 7, name: 'The Ming dynasty, 1368-1644, pt. 1' }, authors: [mote, twitchett], year: 1988, ...CUP, isbn: chc7, subjects: ['China -- History -- Ming dynasty, 1368-1644'], libraries: ['pku', 'thu', 'ruc', 'nlc', 'shl'] },
    { group: 'chc-v8', family: 'chc', lang: 'eng', title: chcSet, part: { set: chcSet, number: 8, name: 'The Ming dynasty, 1368-1644, pt. 2' }, authors: [twitchett, mote], year: 1998, ...CUP, isbn: chc8, libraries: ['thu', 'bnu', 'shl'] },
    { group: 'chc-v10', family: 'chc', lang: 'eng', title: chcSet, part: { set: chcSet, number: 10, name: "Late Ch'ing, 1800-1911, pt. 1" }, authors: [fairbank], year: 1978, ...CUP, isbn: chc10, libraries: ['pku', 'ruc'] },
    { group: 'chc-ancient', family: 'chc', lang: 'eng', title: 'The Cambridge history of ancient China', subtitle: 'from the origins of civilization to 221 B.C.', authors: [{ family: 'Loewe', given: 'Michael' }, { family: 'Shaughnessy', given: 'Edward L.' }], year: 1999, ...CUP, isbn: isbn13('978052147030'), libraries: ['pku', 'bnu', 'shl'] },

    { group: 'wanli-1982', family: 'wanli', lang: 'chi', title: '万历十五年', roman: 'Wan li shi wu nian', authors: [huang], year: 1982, publisher: '中华书局', romanPublisher: 'Zhonghua shu ju', place: '北京', csbn: '11018·1105', notes: ['译自: 1587, a year of no significance'], libraries: ['pku', 'ruc', 'bnu', 'shl'] },
    { group: 'wanli-1997', family: 'wanli', lang: 'chi', title: '万历十五年', roman: 'Wanli shiwu nian', authors: [huang], year: 1997, edition: 2, publisher: '生活·读书·新知三联书店', romanPublisher: 'Sheng huo, du shu, xin zhi san lian shu dian', place: '北京', isbn: isbn13('978710801041'), libraries: ['thu', 'nlc', 'shl'] },
    { group: 'wanli-1587', family: 'wanli', lang: 'eng', title: '1587, a year of no significance', subtitle: 'the Ming dynasty in decline', authors: [{ family: 'Huang', given: 'Ray' }], year: 1981, publisher: 'Yale University Press', place: 'New Haven', isbn: isbn13('978030002518'), lccn: '80-5391', libraries: ['pku', 'thu', 'ruc'] },

    { group: 'hlm-rmwx', family: 'hlm', lang: 'chi', title: '红楼梦', roman: 'Hong lou meng', authors: [cao], year: 2008, publisher: '人民文学出版社', place: '北京', isbn: isbn13('978702006685'), libraries: ['ruc', 'bnu', 'pku', 'shl'] },
    { group: 'hlm-yuelu', family: 'hlm', lang: 'chi', title: '红楼梦', roman: 'Hong lou meng', authors: [cao], year: 2008, publisher: '岳麓书社', place: '长沙', isbn: isbn13('978755380137'), libraries: ['ruc', 'shl', 'thu'] },
    { group: 'hlm-zhonghua', family: 'hlm', lang: 'chi', title: '红楼梦', roman: 'Hong lou meng', authors: [cao], year: 2008, publisher: '中华书局', place: '北京', isbn: isbn13('978710106054'), libraries: ['bnu', 'nlc'] },

    { group: 'zgts-lu', family: 'zgts', lang: 'chi', title: '中国通史', roman: 'Zhongguo tong shi', authors: [{ family: 'Lü', given: 'Simian', cjk: '吕思勉' }], year: 2010, publisher: '华东师范大学出版社', place: '上海', isbn: isbn13('978756177713'), noIsbnAt: ['shl'], libraries: ['ruc', 'shl', 'pku'] },
    { group: 'zgts-fu', family: 'zgts', lang: 'chi', title: '中国通史', roman: 'Zhongguo tong shi', authors: [{ family: 'Fu', given: 'Lecheng', cjk: '傅乐成' }], year: 2010, publisher: '贵州教育出版社', place: '贵阳', isbn: isbn13('978754561102'), noIsbnAt: ['bnu'], libraries: ['bnu', 'nlc'] },

    { group: 'clrs-2', family: 'clrs', lang: 'eng', title: 'Introduction to algorithms', authors: [{ family: 'Cormen', given: 'Thomas H.' }, { family: 'Leiserson', given: 'Charles E.' }, { family: 'Rivest', given: 'Ronald L.' }], edition: 2, year: 2001, publisher: 'MIT Press', place: 'Cambridge, Mass.', isbn: isbn13('978026203293'), libraries: ['thu', 'bupt', 'shl'] },
    { group: 'clrs-3', family: 'clrs', lang: 'eng', title: 'Introduction to algorithms', authors: [{ family: 'Cormen', given: 'Thomas H.' }, { family: 'Leiserson', given: 'Charles E.' }, { family: 'Rivest', given: 'Ronald L.' }], edition: 3, year: 2009, publisher: 'MIT Press', place: 'Cambridge, Mass.', isbn: clrs3, noIsbnAt: ['ruc'], libraries: ['pku', 'thu', 'bupt', 'ruc', 'shl'] },
    { group: 'clrs-3-ebook', family: 'clrs', lang: 'eng', title: 'Introduction to algorithms', authors: [{ family: 'Cormen', given: 'Thomas H.' }, { family: 'Leiserson', given: 'Charles E.' }, { family: 'Rivest', given: 'Ronald L.' }], edition: 3, year: 2009, publisher: 'MIT Press', place: 'Cambridge, Mass.', electronic: true, isbn: isbn13('978026225946'), printIsbn: clrs3, libraries: ['thu', 'pku'] },

    { group: 'xdhy-5', family: 'xdhy', lang: 'chi', title: '现代汉语词典', roman: 'Xian dai Han yu ci dian', authors: [], corporate: '中国社会科学院语言研究所词典编辑室', edition: 5, year: 2005, publisher: '商务印书馆', place: '北京', isbn: isbn13('978710004385'), libraries: ['ruc', 'bnu', 'nlc', 'shl'] },
    { group: 'xdhy-6', family: 'xdhy', lang: 'chi', title: '现代汉语词典', roman: 'Xian dai Han yu ci dian', authors: [], corporate: '中国社会科学院语言研究所词典编辑室', edition: 6, year: 2012, publisher: '商务印书馆', place: '北京', isbn: isbn13('978710008467'), libraries: ['ruc', 'bupt', 'shl'] },

    { group: 'norway-jp', family: 'norway', lang: 'jpn', title: 'ノルウェイの森', roman: 'Noruei no mori', authors: [murakami], year: 1987, publisher: '講談社', romanPublisher: 'Kodansha', place: '東京', isbn: isbn13('978406203516'), libraries: ['shljp', 'pku'] },
    { group: 'norway-zh', family: 'norway', lang: 'chi', title: '挪威的森林', roman: 'Nuowei de senlin', authors: [{ family: 'Cunshang', given: 'Chunshu', cjk: '村上春树' }, { family: 'Lin', given: 'Shaohua', cjk: '林少华' }], year: 2001, publisher: '上海译文出版社', place: '上海', isbn: isbn13('978753272520'), notes: ['原书名: ノルウェイの森'], libraries: ['ruc', 'bnu', 'shl'] },

    { group: 'tsgzz', family: 'tsgzz', lang: 'chi', title: '图书馆杂志', roman: 'Tu shu guan za zhi', authors: [], corporate: '上海市图书馆学会', year: 1982, publisher: '上海市图书馆学会', place: '上海', issn: '1000-4254', libraries: ['ruc', 'pku', 'shl', 'nlc'] },
    { group: 'tjnj-2010', family: 'tjnj', lang: 'chi', title: '中国统计年鉴', roman: 'Zhongguo tong ji nian jian', authors: [], corporate: '国家统计局', year: 2010, publisher: '中国统计出版社', place: '北京', isbn: isbn13('978750376047'), libraries: ['ruc', 'nlc', 'shl'] },
    { group: 'tjnj-2011', family: 'tjnj', lang: 'chi', title: '中国统计年鉴', roman: 'Zhongguo tong ji nian jian', authors: [], corporate: '国家统计局', year: 2011, publisher: '中国统计出版社', place: '北京', isbn: isbn13('978750376351'), libraries: ['ruc', 'bupt', 'shl'] },

    { group: 'nahan', family: 'nahan', lang: 'chi', title: '呐喊', roman: 'Na han', authors: [{ family: 'Lu', given: 'Xun', cjk: '鲁迅' }], year: 1973, publisher: '人民文学出版社', place: '北京', csbn: '10019·1906', libraries: ['ruc', 'bnu', 'nlc', 'shl'] },
    { group: 'shjy', family: 'shjy', lang: 'chi', title: '上海旧影', roman: 'Shanghai jiu ying', authors: [{ family: 'Zhou', given: 'Dongyang', cjk: '周东阳' }], year: 2002, publisher: '上海人民美术出版社', place: '上海', misprintedIsbn: misprint, libraries: ['ruc', 'shl', 'bupt'] },
    // The iPac record gives the printing year and no ISBN: a duplicate no key can find.
    { group: 'hutong', family: 'hutong', lang: 'chi', title: '北京胡同志', roman: 'Beijing hu tong zhi', authors: [{ family: 'Zhang', given: 'Qinglian', cjk: '张清廉' }], year: 2007, publisher: '北京出版社', place: '北京', isbn: isbn13('978720008061'), yearOffAt: ['shl'], noIsbnAt: ['shl'], libraries: ['ruc', 'bnu', 'shl'] },
  ];
}
