export { startGateway, type Gateway } from './app.js';
export { loadGatewayConfig, type GatewayConfig } from './config.js';
export {
  POLICY, SOCKET_POLICY, GUARDED_PREFIXES, policyFor, decide, decideAllowed, isGuardedPath, SESSION_COOKIE,
  type PolicyEntry, type Allowed, type Principal,
} from './auth/index.js';
export { openApiDocument, openApiPath, documentedEntries } from './openapi/document.js';
