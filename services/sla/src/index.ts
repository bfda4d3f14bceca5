export { startSla, openSchedule, serviceClock, SERVICE } from './app.js';
export { loadSlaConfig, slaSettings, type SlaConfig, type RebuildMode } from './config.js';
export { rebuildSchedule, type RebuildSummary } from './handlers/rebuild-schedule.js';
export * from './domain/schedule.js';
export { clockViews, type CaseDocView } from './domain/case-view.js';
export { deadlineCommand, commandsForFiring, type DeadlineCommand } from './domain/commands.js';
export type { DeadlineJobData } from './persistence/deadline-queue.js';
