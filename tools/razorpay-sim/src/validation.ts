import { z } from 'zod';
import { badRequest, RazorpayApiError } from './errors';
import type { Notes } from './types';

/**
 * Parses a request body and answers the first problem the way Razorpay does: a 400
 * BAD_REQUEST_ERROR whose `field` names the offending field (Razorpay reports one at a time).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // No body (or no JSON content type) reads as an empty object, as Razorpay treats an empty form.
  const input = body === undefined || body === null ? {} : body;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest('The request body must be a JSON object', null);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw toRazorpayError(result.error.issues);
}

function toRazorpayError(issues: z.core.$ZodIssue[]): RazorpayApiError {
  const issue = issues[0];
  if (!issue) return badRequest('Invalid request', null);
  if (issue.code === 'unrecognized_keys') {
    return badRequest(`${issue.keys.join(', ')} is/are not required and should not be sent`, issue.keys[0] ?? null);
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  return badRequest(issue.message, field);
}

/** Razorpay takes amounts as integers in the smallest currency unit; numeric strings are accepted too. */
export function amountSchema(min: number, minMessage: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z
      .number({
        error: (iss) => (iss.input === undefined ? 'The amount field is required.' : 'The amount must be an integer.'),
      })
      .int({ error: 'The amount must be an integer.' })
      .min(min, { error: minMessage })
      .max(Number.MAX_SAFE_INTEGER, { error: 'The amount is too large.' }),
  );
}

export const receiptSchema = z
  .string({ error: 'The receipt must be a string.' })
  .max(40, { error: 'The receipt may not be greater than 40 characters.' });

const MAX_NOTES = 15;
const MAX_NOTE_LENGTH = 256;

/** Optional at the key level; callers default a missing value to `[]` (Razorpay's empty notes). */
export const notesSchema = z
  .unknown()
  .transform((value, ctx): Notes => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) {
      if (value.length === 0) return [];
      ctx.addIssue({ code: 'custom', message: 'The notes field must be an object of key-value pairs.' });
      return z.NEVER;
    }
    if (typeof value !== 'object') {
      ctx.addIssue({ code: 'custom', message: 'The notes field must be an object of key-value pairs.' });
      return z.NEVER;
    }
    const entries = Object.entries(value);
    if (entries.length > MAX_NOTES) {
      ctx.addIssue({
        code: 'custom',
        message: `Number of fields in notes should be less than or equal to ${MAX_NOTES}`,
      });
      return z.NEVER;
    }
    const notes: Record<string, string | number> = {};
    for (const [key, note] of entries) {
      if (typeof note !== 'string' && typeof note !== 'number') {
        ctx.addIssue({ code: 'custom', message: `The notes value for ${key} must be a string or a number.` });
        return z.NEVER;
      }
      if (key.length > MAX_NOTE_LENGTH || String(note).length > MAX_NOTE_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          message: `The notes key and value may not be greater than ${MAX_NOTE_LENGTH} characters.`,
        });
        return z.NEVER;
      }
      notes[key] = note;
    }
    return entries.length === 0 ? [] : notes;
  })
  .optional();

/** Currencies the simulator accepts; Razorpay supports more, but these cover the project's needs. */
export const SUPPORTED_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED', 'AUD', 'CAD', 'MYR'] as const;

export const currencySchema = z
  .string({
    error: (iss) => (iss.input === undefined ? 'The currency field is required.' : 'The currency must be a string.'),
  })
  .refine((c) => (SUPPORTED_CURRENCIES as readonly string[]).includes(c), { error: 'Currency is not supported' });
