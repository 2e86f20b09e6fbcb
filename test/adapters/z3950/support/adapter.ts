/** Builds a z3950 adapter for tests: parsed settings, a quiet logger, a library config. */
import type { AdapterContext, TargetAdapter } from '../../../../src/adapter-api/contract.ts';
import type { LibraryConfig } from '../../../../src/config/schema.ts';
import { silentLogger } from '../../../../src/logging.ts';
import { createZ3950Adapter } from '../../../../adapters/z3950/index.ts';
import { z3950SettingsSchema } from '../../../../adapters/z3950/settings.ts';

const LIBRARY: LibraryConfig = {
  id: 'ztest',
  name: { zh: '测试馆', en: 'Test library' },
  category: '其他类',
  adapter: 'z3950',
  settings: {},
  ill: { statuses: ['available'] },
  service: { status: 'active' },
};

function testContext(env: Record<string, string | undefined> = {}): AdapterContext {
  return {
    library: LIBRARY,
    httpDispatcher: () => {
      throw new Error('the Z39.50 adapter does not use HTTP');
    },
    logger: silentLogger(),
    env,
  };
}

export function makeAdapter(settings: Record<string, unknown>, env?: Record<string, string | undefined>): TargetAdapter {
  return createZ3950Adapter(z3950SettingsSchema.parse(settings), testContext(env));
}
