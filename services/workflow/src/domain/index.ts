/** The pure domain of the workflow service: state, decide, evolve, state machines, deadlines, money. */
export * from './case-state.js';
export * from './decide.js';
export * from './evolve.js';
export * from './transitions.js';
export * from './deadlines.js';
export * from './rule-sets.js';
export * from './local-date.js';
export * from './projection.js';
