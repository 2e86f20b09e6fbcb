/**
 * Language codes (MARC 21 008/35-37 and 041; UNIMARC 101) and their Chinese display
 * names, as the BALIS form's 文种 field shows them (英文, 中文, 日文).
 * Codes are ISO 639-2/B, the form both MARC code lists use; the /T twins and the
 * ISO 639-1 pairs that turn up in Chinese exports are folded onto /B.
 */

const TERMINOLOGY_TO_BIBLIOGRAPHIC: Record<string, string> = {
  zho: 'chi', fra: 'fre', deu: 'ger', nld: 'dut', ces: 'cze', ell: 'gre', fas: 'per', sqi: 'alb',
  hye: 'arm', eus: 'baq', mya: 'bur', kat: 'geo', isl: 'ice', mkd: 'mac', mri: 'mao', msa: 'may',
  bod: 'tib', ron: 'rum', slk: 'slo', cym: 'wel',
  zh: 'chi', en: 'eng', ja: 'jpn', ru: 'rus', fr: 'fre', de: 'ger', ko: 'kor', es: 'spa', it: 'ita',
};

const CHINESE_NAMES: Record<string, string> = {
  chi: '中文', eng: '英文', jpn: '日文', rus: '俄文', fre: '法文', ger: '德文', kor: '朝鲜文',
  spa: '西班牙文', ita: '意大利文', por: '葡萄牙文', lat: '拉丁文', grc: '古希腊文', gre: '希腊文',
  ara: '阿拉伯文', per: '波斯文', heb: '希伯来文', hin: '印地文', san: '梵文', tib: '藏文',
  mon: '蒙古文', uig: '维吾尔文', mnc: '满文', vie: '越南文', tha: '泰文', may: '马来文', ind: '印度尼西亚文',
  dut: '荷兰文', swe: '瑞典文', dan: '丹麦文', nor: '挪威文', fin: '芬兰文', pol: '波兰文', cze: '捷克文',
  hun: '匈牙利文', rum: '罗马尼亚文', ukr: '乌克兰文', tur: '土耳其文', mul: '多语种', epo: '世界语',
};

/** Codes that say "no language information": MARC 21 blanks/fill, undetermined, no linguistic content. */
const NOT_A_LANGUAGE = new Set(['', '|||', 'und', 'zxx', '###', 'n/a']);

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** A three-letter /B code, or undefined for blanks, fill characters and "und". */
export function normalizeLanguageCode(code: string): string | undefined {
  const c = code.trim().toLowerCase();
  if (NOT_A_LANGUAGE.has(c) || !LANGUAGE_CODE.test(c)) return undefined;
  return TERMINOLOGY_TO_BIBLIOGRAPHIC[c] ?? c;
}

/** 中文 for chi; an unlisted code is shown as itself rather than dropped. */
export function languageName(code: string): string {
  return CHINESE_NAMES[code] ?? code;
}
