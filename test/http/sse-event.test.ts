import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sseEvent } from '../../src/http/sse-event.ts';

const text = (event: string | Buffer) => (typeof event === 'string' ? event : event.toString('utf8'));

describe('sseEvent', () => {
  it('is the event line, the retry line when given, the data as one line of JSON and a blank line', () => {
    expect(sseEvent('library', { library: 'nlc', phase: 'searching' })).toBe('event: library\ndata: {"library":"nlc","phase":"searching"}\n\n');
    expect(sseEvent('start', { libraries: ['a'] }, 'retry: 1000\n')).toBe('event: start\nretry: 1000\ndata: {"libraries":["a"]}\n\n');
    // A large one comes as its UTF-8 bytes.
    const large = sseEvent('clusters', { changed: [{ title: '明代'.repeat(3000) }] });
    expect(Buffer.isBuffer(large)).toBe(true);
    expect(text(large)).toBe(`event: clusters\ndata: {"changed":[{"title":"${'明代'.repeat(3000)}"}]}\n\n`);
  });

  it('makes the bytes of the same text for any data, small or as large as a page of clusters', () => {
    const member = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant({ title: '中国近代史\n"引号"'.repeat(400) }))));
    fc.assert(
      fc.property(fc.constantFrom('clusters', 'done', 'library'), fc.dictionary(fc.string(), member), fc.constantFrom('', 'retry: 1000\n'), (event, data, retry) => {
        const made = sseEvent(event, data, retry);
        expect(text(made)).toBe(`event: ${event}\n${retry}data: ${JSON.stringify(data)}\n\n`);
      }),
      { numRuns: 300 },
    );
  });
});
