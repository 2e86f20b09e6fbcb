/**
 * Due dates written into status texts or a separate 应还日期 column:
 * "借出-应还日期：2025-07-10" (汇文), "Due 2026/12/01", "2026.12.01", "2026年12月10日",
 * "貸出中（返却予定日 2026/12/01）". Always returned as ISO YYYY-MM-DD.
 */

const NUMERIC = /(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})/;
const CJK = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/;

export interface DateMatch {
  iso: string;
  /** The matched text, so callers can cut it out of a status. */
  text: string;
  index: number;
}

function toIso(year: string, month: string, day: string): string | undefined {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const probe = new Date(Date.UTC(Number(year), m - 1, d));
  // Rejects 2025-02-30 and similar: Date would silently roll it into March.
  if (probe.getUTCMonth() !== m - 1) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first calendar date in a text (after NFKC, so full-width digits count). */
export function findDate(text: string): DateMatch | undefined {
  const folded = text.normalize('NFKC');
  for (const pattern of [CJK, NUMERIC]) {
    const m = pattern.exec(folded);
    if (!m) continue;
    const iso = toIso(m[1] as string, m[2] as string, m[3] as string);
    if (iso) return { iso, text: m[0], index: m.index };
  }
  return undefined;
}

export function extractDueDate(text: string | undefined): string | undefined {
  return text === undefined ? undefined : findDate(text)?.iso;
}
