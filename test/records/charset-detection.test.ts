/**
 * The detection matrix: every record of the labelled corpus (charset-corpus.ts) read with
 * every declared charset. Declared = actual must give the right text, unflagged; any other
 * pair must be flagged as a mismatch, and should still give the right text. Silent
 * mojibake (wrong text, no flag) is never acceptable.
 */
import { describe, expect, it } from 'vitest';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { CORPUS_CHARSETS, corpus } from './charset-corpus.ts';

interface Cell {
  records: number;
  right: number;
  flagged: number;
  failures: string[];
}

function matrix(): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const declared of CORPUS_CHARSETS)
    for (const item of corpus()) {
      const key = `${declared} → ${item.actual}`;
      const cell = cells.get(key) ?? { records: 0, right: 0, flagged: 0, failures: [] };
      cells.set(key, cell);
      cell.records++;
      const [read] = [...readIso2709(item.bytes, { charset: declared, format: 'marc21' })].filter((r) => r.type === 'record');
      if (read?.type !== 'record') {
        cell.failures.push(`${key}: no record`);
        continue;
      }
      const right = JSON.stringify(read.record.toMarcRecord().fields) === JSON.stringify(item.expected);
      const flagged = read.record.charsetMismatch;
      if (right) cell.right++;
      if (flagged) cell.flagged++;
      const ok = declared === item.actual ? right && !flagged : flagged;
      if (!ok) cell.failures.push(`${key} ${item.expected[0] && 'value' in item.expected[0] ? item.expected[0].value : ''}: ${right ? 'right' : 'wrong'} text, ${flagged ? 'flagged' : 'not flagged'} (decoded as ${read.record.charset})`);
    }
  return cells;
}

describe('charset detection over 36 declared × actual pairs', () => {
  const cells = matrix();

  it('covers 36 pairs with at least five records each', () => {
    expect(cells.size).toBe(36);
    for (const [key, cell] of cells) expect(cell.records, key).toBeGreaterThanOrEqual(5);
  });

  it('gives the right text unflagged when the declaration is right, and flags every wrong one: 100%', () => {
    const failures = [...cells.values()].flatMap((c) => c.failures);
    expect(failures).toEqual([]);
  });

  it('decodes the right text even when the declaration is wrong, for every pair', () => {
    const wrongText = [...cells].filter(([, c]) => c.right < c.records).map(([key, c]) => `${key}: ${c.right}/${c.records}`);
    expect(wrongText).toEqual([]);
  });
});

