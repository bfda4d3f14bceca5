export { startIntake, SERVICE } from './app.js';
export { loadIntakeConfig } from './config.js';
export * from './domain/normalise.js';
