/** Library configs for tests, built through the real schema so defaults match production. */
import { libraryCommonSchema, type LibraryConfig } from '../../src/config/schema.ts';

export function testLibrary(id: string, overrides: Record<string, unknown> = {}): LibraryConfig {
  const parsed = libraryCommonSchema.parse({
    id,
    name: { zh: `${id}图书馆`, en: `${id} Library` },
    category: '其他类',
    adapter: 'fake',
    settings: {},
    ...overrides,
  });
  return { ...parsed, settings: parsed.settings ?? {} };
}
