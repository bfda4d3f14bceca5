import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRoutingConfig } from './schema.js';
import type { RoutingConfig } from './types.js';

/**
 * File URL of the bundled default configuration (Shanwei). Resolves to `<package>/config/shanwei.json`
 * both from `src/` (tests, tsx) and from the built `dist/`.
 */
export const DEFAULT_CONFIG_URL: URL = new URL('../config/shanwei.json', import.meta.url);

/** Filesystem path of {@link DEFAULT_CONFIG_URL}. */
export const DEFAULT_CONFIG_PATH: string = fileURLToPath(DEFAULT_CONFIG_URL);

/**
 * Read and validate the bundled default configuration (synchronous file read; the only I/O in
 * this package). Throws {@link RoutingConfigError} if the bundled file is invalid.
 */
export function loadDefaultConfig(): RoutingConfig {
  return loadRoutingConfig(JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as unknown);
}
