/** `service.followUnion` and `ill.lenderLibrary` are checked at load: each must name another library of the same config. */
import { describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { ConfigError, parseConfig } from '../../src/config/load.ts';

const library = (id: string, service: Record<string, unknown> = { status: 'active' }) => ({
  id, adapter: 'sru', settings: { url: `http://${id}.example/sru` }, name: { zh: id, en: id }, category: '其他类', service,
});

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, 'gateway.json', adapterRegistry);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
}

describe('service.followUnion', () => {
  it('accepts another library of the config', () => {
    expect(problems({ libraries: [library('union'), library('shl', { status: 'active', followUnion: 'union' })] })).toEqual([]);
  });

  it('names the file, the library and the field when it points nowhere or at itself', () => {
    expect(problems({ libraries: [library('union'), library('shl', { status: 'active', followUnion: 'nope' })] })).toEqual([
      'libraries[1] (id "shl").service.followUnion: no library "nope" in this config',
    ]);
    expect(problems({ libraries: [library('shl', { status: 'active', followUnion: 'shl' })] })).toEqual(['libraries[0] (id "shl").service.followUnion: a library cannot follow itself']);
    expect(problems({ libraries: [library('shl', { status: 'active', followUnion: 'Bad Id' })] })[0]).toMatch(/^libraries\[0\] \(id "shl"\)\.service\.followUnion: the id of a union-catalogue library/u);
  });
});

describe('ill.lenderLibrary', () => {
  const catalogue = (lenderLibrary: string) => ({ ...library('shl-jp'), ill: { lenderCode: '123114', lenderLibrary } });

  it('accepts another library of the config and names the field when it points nowhere or at itself', () => {
    expect(problems({ libraries: [library('shl'), catalogue('shl')] })).toEqual([]);
    expect(problems({ libraries: [library('shl'), catalogue('nope')] })).toEqual(['libraries[1] (id "shl-jp").ill.lenderLibrary: no library "nope" in this config']);
    expect(problems({ libraries: [catalogue('shl-jp')] })).toEqual(['libraries[0] (id "shl-jp").ill.lenderLibrary: names the library itself; leave it out']);
  });
});
