/** Where confirmed ILL forms go and how long BALIS may take (the config's `gateway.ill.balis`). */
import { z } from 'zod';

export const balisIllSettingsSchema = z
  .object({
    url: z.url(),
    timeoutMs: z.number().int().positive(),
  })
  .strict();
