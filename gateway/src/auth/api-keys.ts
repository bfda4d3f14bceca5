import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'cwk_';

/** A new API key: 32 random bytes, base64url, with a recognisable prefix (secret scanners, logs). */
export const generateApiKey = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

/**
 * Keys are random and long, so a fast hash is enough (no password stretching needed) and lets the
 * key be looked up by `_id` = sha256(key), the one filter FerretDB serves fast.
 */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The id an API key acts under in audit trails: not the key, not its full hash. */
export const apiKeyActorId = (keyHash: string) => `key:${keyHash.slice(0, 12)}`;
