/** Demo/test launcher: a simulated Japanese catalogue for a library whose adapter is "jp-catalogue". */
import type { SimulatorLauncher } from '../../../src/demo/launch.ts';
import { JAPANESE_CHARSETS, type JapaneseCharset } from '../encoding.ts';
import { fieldName, jpCatalogueSettingsSchema } from '../settings.ts';
import { japaneseCatalogue } from './catalogue.ts';
import { startJpSimulator, type JpFault } from './simulator.ts';

/** The common `simulate.fault` values in this interface's terms. */
const FAULTS: Record<string, JpFault> = {
  none: 'none', hang: 'hang', http500: 'http500', html: 'html', truncated: 'truncated', reset: 'reset', diagnostic: 'error-envelope', garbage: 'truncated',
  // The export service answers a session it does not know with its login page.
  'auth-rejected': 'html', 'rate-limited': 'http429',
};

function isJapanese(charset: string | undefined): charset is JapaneseCharset {
  return (JAPANESE_CHARSETS as readonly string[]).includes(charset ?? '');
}

export const launchJpCatalogueSimulator: SimulatorLauncher = async (library) => {
  const settings = jpCatalogueSettingsSchema.parse(library.settings);
  const url = new URL(settings.url);
  const simulator = await startJpSimulator({
    records: japaneseCatalogue({ institution: library.simulate.institution ?? 'SHL' }),
    basePath: url.pathname,
    charset: isJapanese(settings.charset) ? settings.charset : 'utf-8',
    queryCharset: settings.queryCharset,
    latencyMs: library.simulate.latencyMs,
    fault: FAULTS[library.simulate.fault] ?? 'none',
    // wrong-charset: exports labelled Shift_JIS whatever their bytes are.
    ...(library.simulate.fault === 'wrong-charset' ? { label: 'Shift_JIS' } : {}),
    lacking: library.simulate.lacks.map((field) => fieldName(settings, field)).filter((name): name is string => typeof name === 'string'),
    port: Number(url.port) || 0,
    host: url.hostname,
  });
  return { settings: { ...settings, url: simulator.url }, close: () => simulator.close() };
};
