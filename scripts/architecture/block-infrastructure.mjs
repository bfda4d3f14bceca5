// A module loader hook (node --import): resolving any infrastructure package fails as if it were
// not installed. Used by the purity test: domain code and contracts must load without them.
import { register } from 'node:module';

export const BLOCKED = ['kafkajs', 'mongoose', 'mongodb', 'ioredis', 'bullmq', 'express', 'socket.io', 'pino'];

register('data:text/javascript,' + encodeURIComponent(`
const BLOCKED = ${JSON.stringify(BLOCKED)};
export async function resolve(specifier, context, next) {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (BLOCKED.includes(name)) {
    const error = new Error("Cannot find package '" + specifier + "' (blocked: domain code must not load infrastructure)");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`));
