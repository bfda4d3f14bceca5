export { startLive, type Live, type LiveOptions } from './live-hub.js';
export { boardRoutes } from './board.routes.js';
export { createStatsReader, type StatsReader } from './stats-reader.js';
