// Shared building blocks of every contract. Money is always integer paise (INR's minor unit):
// floats never carry money anywhere in the system.
import { z } from 'zod';

export const Currency = z.literal('INR').describe('ISO 4217 currency code; only INR is supported');
export const Paise = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('Amount in paise (1 INR = 100 paise)');
export const ProductId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const VendorId = z.string().min(1).max(64);
export const Uuid = z.uuid();
export const IsoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time');

/** RFC 9457 problem details, with the stable machine-readable `code` every error of ours carries. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable error code; clients switch on this, never on title or detail'),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    invalidParams: z
      .array(
        z.object({
          name: z.string().describe('JSON path of the field, e.g. cartItems[0].quantity'),
          reason: z.string(),
        }),
      )
      .optional(),
  })
  .loose();
export type Problem = z.infer<typeof Problem>;
