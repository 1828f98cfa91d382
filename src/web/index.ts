// The web service over the store: pages, JSON/CSV twins, downloads, feeds.
export { buildServer, SERVICE_NAME } from './server.ts';
export type { ServerOptions } from './server.ts';
