/**
 * pino logger with reader data redacted by path, so an ILL draft logged by
 * mistake still never shows a barcode, name, e-mail or phone.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

const READER_FIELDS = ['readerBarcode', 'readerName', 'recipientName', 'email', 'phone', 'patron'];

const REDACT_PATHS = READER_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `reader.${f}`]);

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'gateway' } };
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that writes nothing (tests, --check-config). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
