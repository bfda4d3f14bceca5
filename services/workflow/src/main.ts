import { runService } from '@cw/platform';
import { loadWorkflowConfig } from './config.js';
import { SERVICE, startWorkflow } from './app.js';

await runService(SERVICE, loadWorkflowConfig, startWorkflow);
