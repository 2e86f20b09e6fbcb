/**
 * Differential tests of the MARC-8 decoder (tables from LoC codetables.xml) against
 * yaz-iconv: every code of every set, and the behaviours where we differ on purpose.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeMarc8 } from '../../src/records/charsets/marc8.ts';
import { probeDifferences, readDifferenceFile } from './marc8-yaz-probe.ts';
import { hasYaz, requirePeers, yazSkipReason } from './yaz.ts';

const run = hasYaz || requirePeers;
const title = (text: string): string => (run ? text : `${text} (skipped: ${yazSkipReason})`);
const yaz = (input: Buffer): string => spawnSync('yaz-iconv', ['-f', 'MARC8', '-t', 'UTF-8'], { input }).stdout.toString('utf8').normalize('NFC');

describe('MARC-8 decoder against yaz-iconv', () => {
  it.skipIf(!run)(title('differs from YAZ on exactly the listed codes, each with an explained category'), () => {
    const listed = readDifferenceFile();
    const found = probeDifferences().map((d) => [d.set, d.code, d.loc, d.yaz, d.category]);
    expect(found).toEqual(listed.differences);
    for (const [, , , , category] of listed.differences) expect(listed.explanations[category], category).toBeTruthy();
  }, 60_000);

  /** Inputs where we decode differently from YAZ on purpose, with the reason. */
  const BEHAVIOURS: { input: string; ours: string; theirs: string; why: string }[] = [
    { input: 'a&#x2013;b', ours: 'a\u2013b', theirs: 'a&#x2013;b', why: "LoC's lossless rule: a numeric character reference stands for a character outside MARC-8; YAZ shows it as written" },
    { input: 'x&#x1E;y', ours: 'x&#x1E;y', theirs: 'x&#x1E;y', why: 'same as YAZ: a reference to a control character stays as written (it would split the field)' },
    { input: 'Poincar&#xE9;', ours: 'Poincaré', theirs: 'Poincar&#xE9;', why: 'the NCR joins the text and is composed (NFC) like any decoded letter' },
  ];

  it.skipIf(!run).each(BEHAVIOURS)(title('$why'), ({ input, ours, theirs }) => {
    const bytes = Buffer.from(input, 'latin1');
    expect(decodeMarc8(bytes).text).toBe(ours);
    expect(yaz(bytes)).toBe(theirs);
  });
});
