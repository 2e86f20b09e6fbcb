import { describe, expect, it } from 'vitest';
import { editionKey, splitTitleVolume, volumeKey } from '../../src/merge/designations.ts';
import { titleKey } from '../../src/merge/keys.ts';
import { nameKey, responsibilityKey } from '../../src/merge/names.ts';
import { foldText } from '../../src/merge/normalize-text.ts';
import { TRAD_SIMP_PAIRS } from '../../src/merge/trad-simp-data.ts';
import { toSimplified, tradSimpSize } from '../../src/merge/trad-simp.ts';

describe('Traditional → Simplified table', () => {
  it('covers at least 2,500 characters and folds idempotently', () => {
    expect(tradSimpSize()).toBeGreaterThanOrEqual(2500);
    const simplified = new Set<string>();
    for (const chunk of TRAD_SIMP_PAIRS) [...chunk].forEach((ch, i) => i % 2 === 1 && simplified.add(ch));
    for (const ch of simplified) expect(toSimplified(ch)).toBe(ch);
  });

  it('folds the seed examples and leaves other text alone', () => {
    expect(toSimplified('萬曆十五年 書 國 學 圖書館 歷史')).toBe('万历十五年 书 国 学 图书馆 历史');
    expect(toSimplified('Cambridge 1587')).toBe('Cambridge 1587');
  });
});

describe('foldText and titleKey', () => {
  it('folds width, case, diacritics and punctuation', () => {
    expect(foldText('Ｔｈｅ  Café—Wàn lì')).toBe('the cafe wan li');
    expect(foldText('Ch’ing dynasty')).toBe('ch ing dynasty');
  });

  it('drops leading articles, non-sort parts, other title information and word division', () => {
    expect(titleKey('The Cambridge history of China : v.7')).toBe('cambridgehistoryofchina');
    expect(titleKey('\u0088The \u0089Cambridge history of China')).toBe('cambridgehistoryofchina');
    expect(titleKey('Le Monde')).toBe('monde');
    expect(titleKey('Wanli shiwu nian')).toBe(titleKey('Wan li shi wu nian'));
    expect(titleKey('萬曆十五年：一部')).toBe('万历十五年');
  });
});

describe('designations', () => {
  it('reads volume designations but not years in part names', () => {
    expect(volumeKey('v. 7')).toBe('7');
    expect(volumeKey('Vol. VII')).toBe('7');
    expect(volumeKey('第七卷')).toBe('7');
    expect(volumeKey('v.7', 'The Ming Dynasty, 1368-1644, pt. 1')).toBe('7.1');
    expect(volumeKey('下册')).toBe('c');
    expect(volumeKey('A civil war')).toBe('');
    expect(splitTitleVolume('The Cambridge history of China. Vol. 7, The Ming dynasty')).toEqual({ title: 'The Cambridge history of China', volume: '7' });
    expect(splitTitleVolume('1587, a year of no significance')).toBeUndefined();
  });

  it('normalizes edition statements, treating none as the first', () => {
    expect(editionKey(undefined)).toBe('1');
    expect(editionKey('第1版')).toBe('1');
    expect(editionKey('2nd ed.')).toBe('2');
    expect(editionKey('Second edition')).toBe('2');
    expect(editionKey('第2版')).toBe('2');
    expect(editionKey('Di 2 ban')).toBe('2');
    expect(editionKey('3rd ed., 2nd printing')).toBe('3');
    expect(editionKey('修订版')).toBe('r');
  });
});

describe('author keys', () => {
  it('treats full forenames, initials, direct order and dates alike', () => {
    const key = nameKey('Twitchett, Denis Crispin.');
    expect(key).toBe('twitchett d');
    for (const form of ['Twitchett, Denis C.', 'Denis Twitchett', 'Twitchett, Denis Crispin, 1925-2006', 'TWITCHETT, D.']) expect(nameKey(form)).toBe(key);
    expect(nameKey('黃仁宇')).toBe('黄仁宇');
    expect(nameKey('村上, 春樹')).toBe('村上春树');
  });

  it('takes the first name of a statement of responsibility', () => {
    expect(responsibilityKey('edited by Frederick W. Mote')).toBe('mote f');
    expect(responsibilityKey('黄仁宇著')).toBe('黄仁宇');
    expect(responsibilityKey('Twitchett, Denis Crispin., Fairbank, John King,, Mote, Frederick W.')).toBe('twitchett d');
    expect(responsibilityKey('Denis Twitchett and John K. Fairbank, general editors')).toBe('twitchett d');
  });
});
