import { runService } from '@cw/platform';
import { loadRouterConfig } from './config.js';
import { SERVICE, startRouter } from './app.js';

await runService(SERVICE, loadRouterConfig, startRouter);
