/**
 * The holdings table (复本/藏书记录: 馆址 馆藏地 索书号 状态 [应还日期] 馆藏类型 馆藏条码) to
 * Holdings, columns located by label. A required label that is missing means the OPAC's
 * layout changed: that is an error naming the label, never a silently empty or shifted list.
 */
import type { Diagnostic } from '../../src/diagnostics.ts';
import { buildHolding, type HoldingInput, type HoldingLibrary } from '../../src/holdings/build.ts';
import type { Holding } from '../../src/holdings/model.ts';
import { IpacLayoutError, labelKey, type ItemTable } from './page.ts';
import type { ItemLabels } from './settings.ts';

type Column = keyof ItemLabels;

/** "K20/C178/v.7/" → "v.7": SHL writes the volume as the last part of the call number. */
function volumeOf(callNumber: string | undefined): string | undefined {
  const m = callNumber ? /(?:^|\/)(v\.\s*\d+[^/]*|第\s*\d+\s*[册卷])\/?$/u.exec(callNumber.trim()) : null;
  return m?.[1];
}

export interface HoldingsReading {
  holdings: Holding[];
  warnings: Diagnostic[];
}

export function columnIndexes(table: ItemTable, labels: ItemLabels, optional: readonly Column[]): Partial<Record<Column, number>> {
  const keys = table.labels.map(labelKey);
  const found: Partial<Record<Column, number>> = {};
  const missing: string[] = [];
  for (const [column, label] of Object.entries(labels) as [Column, string][]) {
    const at = keys.indexOf(labelKey(label));
    if (at >= 0) found[column] = at;
    else if (!optional.includes(column)) missing.push(label);
  }
  if (missing.length > 0) {
    throw new IpacLayoutError(
      `holdings table has no column ${missing.map((m) => `"${m}"`).join(', ')} (columns found: ${table.labels.join(', ') || 'none'})`,
      missing,
    );
  }
  return found;
}

/** Rows read into Holdings; the same copy listed twice (main table and 其它馆址 pages) counts once. */
export function holdingsFromTables(tables: readonly ItemTable[], labels: ItemLabels, optional: readonly Column[], library: HoldingLibrary): HoldingsReading {
  const warnings: Diagnostic[] = [];
  const holdings: Holding[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    const at = columnIndexes(table, labels, optional);
    const cell = (row: string[], column: Column) => {
      const i = at[column];
      return i === undefined ? undefined : row[i];
    };
    for (const row of table.rows) {
      const barcode = cell(row, 'barcode');
      const identity = barcode && barcode.trim() !== '' ? `b:${barcode.trim()}` : `r:${row.join('\u0001')}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const callNumber = cell(row, 'callNumber');
      const input: HoldingInput = {
        branch: cell(row, 'branch'),
        location: cell(row, 'location'),
        callNumber,
        volume: volumeOf(callNumber),
        barcode,
        statusText: cell(row, 'status'),
        collectionType: cell(row, 'collectionType'),
        dueDate: cell(row, 'dueDate'),
      };
      holdings.push(buildHolding(input, library));
    }
    if (table.skippedRows > 0) {
      warnings.push({ source: 'record', code: 'holdings-row-skipped', message: `${table.skippedRows} holdings row(s) did not match the table header and were left out` });
    }
  }
  return { holdings, warnings };
}
