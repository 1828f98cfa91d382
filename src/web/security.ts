// Security headers for every response, fixed at start-up. (@fastify/helmet
// rebuilds its middleware on every request, which showed in profiles of the
// cached pages; these headers never vary, so they are computed once.)
const CSP: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': Object.entries(CSP)
    .map(([k, v]) => `${k} ${v}`)
    .join('; '),
  'cross-origin-opener-policy': 'same-origin',
  // The data is meant to be reused: other sites may fetch the JSON and CSV.
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

/** Browsers given this keep to HTTPS for a year; only sent on responses that came over HTTPS. */
export const HSTS = 'max-age=31536000';

/** The public data (JSON, CSV, downloads, feeds) is meant for other sites: any origin may read it. */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Content-Disposition',
});
