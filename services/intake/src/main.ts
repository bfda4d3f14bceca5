import { runService } from '@cw/platform';
import { loadIntakeConfig } from './config.js';
import { SERVICE, startIntake } from './app.js';

await runService(SERVICE, loadIntakeConfig, startIntake);
