export { startWorkflow, SERVICE } from './app.js';
export { createWorkflowDomain } from './domain-adapter.js';
export * from './domain/index.js';
