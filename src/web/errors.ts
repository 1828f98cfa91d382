// Errors a request can cause, and how each is shown: a real page for people,
// JSON for the API, never a stack trace.
export class HttpError extends Error {
  readonly statusCode: number;
  /** Headers the error response carries (e.g. Retry-After). */
  readonly headers: Record<string, string>;
  constructor(statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.headers = headers;
  }
}

export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** Turns Fastify's validation wording ("querystring/page must be >= 1") into a sentence a person can act on. */
export function validationMessage(err: { validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string; message: string }): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const field = (first.instancePath ?? '').replace(/^\//, '').replace(/\/\d+$/, '') || String(first.params?.['missingProperty'] ?? first.params?.['additionalProperty'] ?? '');
  const where = err.validationContext === 'params' ? 'address' : 'parameter';
  const allowed = Array.isArray(first.params?.['allowedValues']) ? ` (one of: ${(first.params['allowedValues'] as unknown[]).join(', ')})` : '';
  return `The ${where} "${field || 'request'}" ${first.message ?? 'is not valid'}${allowed}.`;
}
