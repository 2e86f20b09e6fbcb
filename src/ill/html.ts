/** HTML text and attribute escaping for the printable form and the BALIS simulator's pages. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (c) => ENTITIES[c] ?? c);
}
