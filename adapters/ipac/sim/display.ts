/**
 * What the simulated OPAC displays of a record, shared by its GetXML and HTML renderings:
 * the full-display fields with SHL's labels, and the holdings table with its columns
 * (应还日期 only when some copy in the table is on loan, as SHL scrapers found).
 */
import type { SimItem, SimRecord } from './catalogue.ts';

const ITEM_LABELS = ['馆址', '馆藏地', '索书号', '状态', '应还日期', '馆藏类型', '馆藏条码'] as const;

export interface SimTable {
  labels: string[];
  rows: string[][];
}

/** `drift` renames 状态, the way a re-skinned OPAC would, so clients must notice. */
export function itemTable(items: readonly SimItem[], drift = false): SimTable {
  const withDue = items.some((i) => i.due);
  const labels = ITEM_LABELS.filter((l) => l !== '应还日期' || withDue).map((l) => (drift && l === '状态' ? '流通状况' : l));
  const rows = items.map((i) => {
    const cells = [i.branch, i.location, i.callNumber, i.status];
    if (withDue) cells.push(i.due ?? '');
    cells.push(i.type, i.barcode);
    return cells;
  });
  return { labels, rows };
}

/** "Cambridge University Press, 1978-" (HIP's publication line). */
export function publication(record: SimRecord): string {
  return [record.publisher, record.date].filter((s) => s).join(', ');
}

/** The title as HIP's summary XML gives it, with the statement of responsibility. */
export function titleWithResponsibility(record: SimRecord): string {
  return record.responsibility ? `${record.title} / ${record.responsibility}` : record.title;
}

export function func(key: string, position: number): string {
  return `full=3100001~!${key}~!${position}`;
}

/** The full display's labelled fields, in display order (seed: 著者, 出版地, 说明, 内容, 索书号). */
export function fullFields(record: SimRecord): [string, string[]][] {
  const fields: [string, string[]][] = [
    ['著者', record.authors],
    ['版本', record.edition ? [record.edition] : []],
    ['出版发行', [publication(record)].filter((s) => s)],
    ['出版地', record.place ? [record.place] : []],
    ['说明', record.description ? [record.description] : []],
    ['丛书名', record.series],
    ['内容', record.contents],
    ['附注', record.notes],
    ['主题标目', record.subjects],
    ['ISBN', record.isbn],
    ['ISSN', record.issn],
    ['语种', record.language ? [record.language] : []],
    ['索书号', record.callNumber ? [record.callNumber] : []],
  ];
  return fields;
}
