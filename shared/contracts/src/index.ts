export * from './validate.js';
export * from './common.js';
export * from './intake.js';
export * from './envelope.js';
export * from './case.js';
export * from './topics.js';
export * from './storage.js';
export * from './workflow.js';
