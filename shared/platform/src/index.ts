export * from './errors.js';
export * from './logger.js';
export * from './config.js';
export * from './kafka.js';
export * from './mongo.js';
export * from './redis.js';
export * from './lifecycle.js';
export * from './mask.js';
