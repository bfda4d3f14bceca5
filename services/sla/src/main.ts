import { runService } from '@cw/platform';
import { loadSlaConfig } from './config.js';
import { SERVICE, startSla } from './app.js';

await runService(SERVICE, loadSlaConfig, (config, logger) =>
  startSla(config, logger, process.argv.includes('--rebuild') ? { rebuild: 'always' } : {}));
