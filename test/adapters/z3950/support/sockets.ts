/** Leak check for afterEach: every socket the adapter opened must close (bounded wait, then assert). */
import { expect } from 'vitest';
import { openSocketCount, socketsDrained } from '../../../../adapters/z3950/connection.ts';

export async function expectNoOpenSockets(boundMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
  await Promise.race([socketsDrained(), bound]);
  clearTimeout(timer);
  expect(openSocketCount()).toBe(0);
}
