/**
 * The language a request wants its messages in: `lang=zh|en` first (the UI's switch), else
 * the first zh or en in Accept-Language, else English.
 */
import type { Request } from 'express';
import type { Language } from './problem.ts';

export function requestLanguage(req: Pick<Request, 'query' | 'headers'>): Language {
  const param = req.query.lang;
  if (param === 'zh' || param === 'en') return param;
  const header = req.headers['accept-language'] ?? '';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((e) => e.q > 0 && (e.tag.startsWith('zh') || e.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('zh') ? 'zh' : 'en';
}
