/** The served records' rendered forms: made once per context and form, kept out of sight. */
import { describe, expect, it } from 'vitest';
import { renderedOnce, type ServedRecord } from '../../src/sru/serve.ts';
import { bib } from './fake-gateway.ts';

function served(): ServedRecord {
  const record = bib('pku', 'p1', 'The Cambridge history of China');
  return { id: 'c1', record, members: [record], holdings: [], relations: [] };
}

describe('renderedOnce', () => {
  it('renders a form once per context, keeps each context and form apart, and stays out of JSON, keys and spreads', () => {
    const item = served();
    const before = JSON.stringify(item);
    const sru = {};
    const z3950 = {};
    let made = 0;
    const render = (text: string) => () => `${text}#${++made}`;
    expect(renderedOnce(item, sru, 'marcxml', render('xml'))).toBe('xml#1');
    expect(renderedOnce(item, sru, 'marcxml', render('xml'))).toBe('xml#1');
    expect(renderedOnce(item, sru, 'dc', render('dc'))).toBe('dc#2');
    expect(renderedOnce(item, z3950, 'marcxml', render('other'))).toBe('other#3');
    expect(renderedOnce(item, sru, 'marcxml', render('xml'))).toBe('xml#1');
    expect(made).toBe(3);
    expect(JSON.stringify(item)).toBe(before);
    expect(Object.keys(item)).toEqual(['id', 'record', 'members', 'holdings', 'relations']);
    expect(Object.keys({ ...item })).toEqual(Object.keys(item));
  });

  it('keeps nothing when the rendering fails, so the next request tries again', () => {
    const item = served();
    const context = {};
    expect(() =>
      renderedOnce(item, context, 'marcxml', () => {
        throw new Error('cannot serialize');
      }),
    ).toThrow('cannot serialize');
    expect(renderedOnce(item, context, 'marcxml', () => 'xml')).toBe('xml');
  });
});
