export { startStats, startStatsService, rebuildStats, nationalDue, groupOf, SERVICE } from './app.js';
export { loadStatsConfig, type StatsConfig } from './config.js';
export * from './domain/counters.js';
export * from './domain/facts.js';
export * from './domain/contributions.js';
export * from './domain/projector.js';
export * from './persistence/collections.js';
export { createStatsStore } from './persistence/stats-store.js';
export type { OnChanged } from './handlers/case-event.handler.js';
