import { runService } from '@cw/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './app.js';

await runService('gateway', loadGatewayConfig, startGateway);
