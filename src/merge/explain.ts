/**
 * Why records were merged, in words a librarian can check: one line per member naming
 * the rule and the shared value.
 */
import type { Cluster } from './types.ts';

const RULE_TEXT: Record<string, string> = {
  isbn: 'same ISBN',
  'other-id': 'same standard number',
  issn: 'same ISSN',
  'isbn-invalid': 'same misprinted ISBN and title start',
  'volume-isbn': 'same ISBN, and no other volume claims it',
  'set-volume': 'same set (ISBN or title) and volume number',
  'title-author-year': 'same title, author, year, edition and volume',
  vernacular: 'vernacular (880 / parallel) title and author match',
  single: 'only record',
};

/** "shl:123 — same ISBN 9780521243322", one line per member, then the relations. */
export function explainCluster(cluster: Cluster): string[] {
  const lines = cluster.members.map((m) => `${m.recordId} (${m.library}, ${m.format}) — ${RULE_TEXT[m.rule] ?? m.rule}: ${m.value}`);
  for (const r of cluster.relations) {
    const why = [r.via ? `via ${r.via}` : '', r.reason ? `${r.reason.zh} (${r.reason.en})` : ''].filter(Boolean).join('; ');
    lines.push(`${r.kind} ${r.clusterId} "${r.title}"${why ? ` — ${why}` : ''}`);
  }
  if (cluster.setGroup) lines.push(`set "${cluster.setGroup.title}": volumes ${cluster.setGroup.volumes.map((v) => v.volume).join(', ')}`);
  return lines;
}
