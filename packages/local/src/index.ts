export { composeCivicGridApp } from './compose-app';
export { type RuntimeConfig, readConfig } from './config';
export { acquireDataDirLock, type DataDirLock, LOCK_FILE, prepareDataDir } from './data-dir';
export { StartupError } from './errors';
export { createHttpServer, edgeError, runtimePageCsp, tileTemplates, withSecurityHeaders } from './http-edge';
export { assertPortFree, listenError, preflight } from './preflight';
export {
  type ComposeApp,
  type ComposedApp,
  type EmbeddedServices,
  EVIDENCE_BUCKET,
  type Runtime,
  type RuntimeOptions,
  startRuntime,
  TABLE_NAME,
} from './runtime';
export * from './services';
export { type Closer, createShutdown, exitOnSignals, type Shutdown } from './signals';
export { withWebAssets } from './web-assets';
