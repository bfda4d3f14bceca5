import { runService } from '@cw/platform';
import { loadStatsConfig } from './config.js';
import { SERVICE, startStatsService } from './app.js';

await runService(SERVICE, loadStatsConfig, startStatsService);
