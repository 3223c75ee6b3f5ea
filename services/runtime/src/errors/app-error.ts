// Typed errors with stable codes. Each code maps to one HTTP status in one place (PROBLEM_STATUS);
// handlers throw AppError and never build error responses by hand.
import { PROBLEM_CODES, type ProblemCode } from '@saga/contracts';

/** The codes and their statuses are part of the public contract, so they live in @saga/contracts. */
export const PROBLEM_STATUS = PROBLEM_CODES;

export type { ProblemCode };

export interface InvalidParam {
  name: string;
  reason: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extras: Record<string, unknown> & { invalidParams?: InvalidParam[]; retryAfterSeconds?: number } = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.status = PROBLEM_STATUS[code];
  }
}

export const validationError = (invalidParams: InvalidParam[], detail?: string) =>
  new AppError('VALIDATION_FAILED', detail ?? invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; '), {
    invalidParams,
  });
