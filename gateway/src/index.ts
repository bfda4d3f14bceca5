export { startGateway, type Gateway } from './app.js';
export { loadGatewayConfig, type GatewayConfig } from './config.js';
