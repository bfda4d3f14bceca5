import { runService } from '@cw/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './app.js';

// The gateway serves /metrics on its own port (app.ts).
await runService('gateway', loadGatewayConfig, startGateway, { metricsServer: false });
