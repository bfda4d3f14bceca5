/** Test doubles and readers for tests (`@cw/stats/testing`): not part of the running service. */
export { createMemoryStore } from './memory-store.js';
export { queryStats, rankDistricts } from './query-stats.js';
export { aCase, type CaseOptions } from './event-kit.js';
