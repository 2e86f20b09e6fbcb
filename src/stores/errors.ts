/** A shared store that cannot answer now (Redis or PostgreSQL lost): callers degrade or answer 503. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly store: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${store} store unavailable: ${message}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Start-up refused: a store's config or peer is unusable. The message names the config field. */
export class StoreStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreStartError';
  }
}

/** A URL for messages and logs: the password replaced, so a secret never reaches them. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
