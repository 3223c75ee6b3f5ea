// One fetch wrapper for every call the pages make: same-origin paths (the web server or the
// Ingress routes /api to the services), the bearer token, and problem+json turned into ApiError.
// A success is checked against its contract (contracts/) before the page sees it: an answer that
// does not match fails the call the same way an error does, instead of breaking a page later.
import type { z } from 'zod';

export interface InvalidParam {
  name: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get invalidParams(): InvalidParam[] {
    return Array.isArray(this.body.invalidParams) ? (this.body.invalidParams as InvalidParam[]) : [];
  }

  /**
   * The server has no such route (an older order service, or an Ingress without the path): the
   * page hides the feature instead of failing. A missing resource on a collection route never
   * answers 404, so 404 on those means "not here".
   */
  get routeMissing(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export async function api<T>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  const data = await readBody(response);
  if (!response.ok) throw errorOf(response, data);
  return { data: data as T, status: response.status, headers: response.headers };
}

/** An answer that does not match the contract: a server of another version, or a broken proxy. */
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

/** api(), with the success body parsed by the route's contract schema. */
export async function apiOf<S extends z.ZodType>(
  path: string,
  schema: S,
  request: ApiRequest = {},
): Promise<ApiResponse<z.output<S>>> {
  const response = await api<unknown>(path, request);
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) {
    // The details are for the developer's console; the page shows a plain message.
    console.warn(`${request.method ?? 'GET'} ${path}: the answer does not match the contract`, parsed.error.issues);
    throw new ApiError(
      response.status,
      UNEXPECTED_RESPONSE,
      'The server sent an answer this page does not understand. Please reload the page or try again later.',
    );
  }
  return { ...response, data: parsed.data };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(response: Response, data: unknown): ApiError {
  const body = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  const detail =
    typeof body.detail === 'string'
      ? body.detail
      : typeof body.title === 'string'
        ? body.title
        : `The server answered ${response.status}.`;
  return new ApiError(response.status, code, detail, body);
}

/** A message fit for the page: the problem's detail, plus the fields it names. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const params = err.invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; ');
    return params ? `${err.message} (${params})` : err.message;
  }
  return 'Something went wrong. Please try again.';
}
