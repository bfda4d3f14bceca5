export { startRouter, SERVICE } from './app.js';
export { loadRouterConfig } from './config.js';
export { readRules, watchRules } from '@cw/routing';
