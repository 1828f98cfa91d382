// The address that absolute links (feeds, downloads) are built from. Only a
// configured public address or a host on an allow-list ever appears in
// them: the request's Host header is chosen by the client, so copying it
// would let anyone plant links to their own site in cached feeds.
import type { FastifyRequest } from 'fastify';

export interface LinkOptions {
  /** The service's public address, e.g. https://ilacs.example.org (PUBLIC_URL). */
  publicUrl?: string;
  /** Host names (with an optional port) that may be used as they are asked for (ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
}

/** Loopback names only ever point a client back at its own machine, so they are always allowed. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A host as the allow-list compares it: lower case, without a default port. */
function hostKey(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

export class LinkConfigError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.userMessage = message;
  }
}

/** Checks PUBLIC_URL: an http(s) address with no query or fragment; returned without a trailing slash. */
export function checkPublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LinkConfigError(`PUBLIC_URL "${value}" is not an address: give the service's public address, e.g. https://ilacs.example.org`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LinkConfigError(`PUBLIC_URL "${value}" must start with https:// or http://`);
  if (url.search || url.hash || url.username || url.password) throw new LinkConfigError(`PUBLIC_URL "${value}" must be a plain address, with no query, fragment or user name`);
  return url.toString().replace(/\/$/, '');
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** Parses ALLOWED_HOSTS: host names, optionally with a port, separated by commas or spaces. */
export function parseAllowedHosts(value: string | undefined): string[] {
  const hosts = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const h of hosts) {
    if (!HOST.test(h)) throw new LinkConfigError(`ALLOWED_HOSTS: "${h}" is not a host name (e.g. ilacs.example.org or ilacs.example.org:8443)`);
  }
  return hosts.map(hostKey);
}

/**
 * Returns the function giving each request's base address: PUBLIC_URL when
 * set; else the request's own host when it is on the allow-list or a
 * loopback name; else http://localhost with the port the request came in on.
 */
export function linkBase(options: LinkOptions): (req: FastifyRequest) => string {
  if (options.publicUrl) {
    const fixed = checkPublicUrl(options.publicUrl);
    return () => fixed;
  }
  const allowed = new Set((options.allowedHosts ?? []).map(hostKey));
  return (req) => {
    const host = hostKey(req.host ?? '');
    if (HOST.test(host) && (allowed.has(host) || allowed.has(hostName(host)) || LOOPBACK.has(hostName(host)))) return `${req.protocol}://${host}`;
    const port = req.socket?.localPort;
    return `http://localhost${port ? `:${port}` : ''}`;
  };
}
