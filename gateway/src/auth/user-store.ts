import type { Connection } from 'mongoose';
import { AppError } from '@cw/platform';
import type { Role, UserView } from '@cw/contracts';
import { apiKeyActorId, generateApiKey, hashApiKey } from './api-keys.js';
import { hashPassword } from './passwords.js';
import type { Principal } from './principal.js';

export const AUTH_COLLECTIONS = {
  /** One document per user, `_id` = username. */
  users: 'users',
  /** One document per API key, `_id` = sha256(key); the key itself is never stored. */
  apiKeys: 'api_keys',
} as const;

export interface UserDoc {
  _id: string;
  name: string;
  role: Role;
  districts: string[];
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  passwordChangedAt?: Date;
  /** Who disabled or re-enabled the account last, and when. */
  disabledBy?: string;
  disabledAt?: Date;
}

export interface ApiKeyDoc {
  _id: string;
  name: string;
  role: Role;
  districts: string[];
  disabled: boolean;
  createdAt: Date;
  createdBy: string;
  revokedAt?: Date;
  revokedBy?: string;
  /** Set on a key replaced by rotation: the id of its successor. */
  replacedBy?: string;
}

/** What the admin API shows of a key: never its hash beyond the id's 12 characters. */
export const keyViewOf = (k: ApiKeyDoc) => ({
  id: apiKeyActorId(k._id), name: k.name, role: k.role, districts: k.districts, disabled: k.disabled,
  createdAt: k.createdAt, createdBy: k.createdBy,
  ...(k.revokedAt ? { revokedAt: k.revokedAt, revokedBy: k.revokedBy ?? null } : {}),
  ...(k.replacedBy ? { replacedBy: k.replacedBy } : {}),
});

export const userViewOf = (u: Pick<UserDoc, '_id' | 'name' | 'role' | 'districts'>): UserView =>
  ({ id: u._id, name: u.name, role: u.role, districts: u.districts });

export const principalOfUser = (u: UserDoc): Principal =>
  ({ id: u._id, role: u.role, districts: u.districts, name: u.name, kind: 'user' });

export const principalOfKey = (k: ApiKeyDoc): Principal =>
  ({ id: apiKeyActorId(k._id), role: k.role, districts: k.districts, name: k.name, kind: 'key' });

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** Users and API keys in MongoDB, always addressed by `_id` (FerretDB pushes only that down). */
export function createUserStore(mongo: Connection) {
  const users = mongo.collection<UserDoc>(AUTH_COLLECTIONS.users);
  const keys = mongo.collection<ApiKeyDoc>(AUTH_COLLECTIONS.apiKeys);

  return {
    findUser: (username: string) => users.findOne({ _id: username }),

    findKey: (key: string) => keys.findOne({ _id: hashApiKey(key) }),

    /** Creates a user; 409 USER_EXISTS if the username is taken (unless `replace`). */
    async putUser(input: { username: string; password: string; name: string; role: Role; districts: string[] }, opts: { replace?: boolean } = {}): Promise<UserDoc> {
      const now = new Date();
      const doc: UserDoc = {
        _id: input.username, name: input.name, role: input.role, districts: input.districts,
        passwordHash: await hashPassword(input.password), disabled: false, createdAt: now, updatedAt: now,
      };
      if (opts.replace) {
        const { _id, createdAt, ...rest } = doc;
        await users.updateOne({ _id }, { $set: rest, $setOnInsert: { createdAt } }, { upsert: true });
        return doc;
      }
      try {
        await users.insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError(`User ${input.username} exists already`, { code: 'USER_EXISTS', httpStatus: 409 });
        throw err;
      }
      return doc;
    },

    listUsers: () => users.find({}, { projection: { passwordHash: 0 } }).sort({ _id: 1 }).limit(10_000).toArray(),

    /** Sets a new password (policy checked by the caller). False when there is no such user. */
    async setPassword(username: string, password: string): Promise<boolean> {
      const now = new Date();
      const r = await users.updateOne({ _id: username }, { $set: { passwordHash: await hashPassword(password), passwordChangedAt: now, updatedAt: now } });
      return r.matchedCount === 1;
    },

    /** Disables or re-enables an account. False when there is no such user. */
    async setDisabled(username: string, disabled: boolean, by: string): Promise<boolean> {
      const now = new Date();
      const r = await users.updateOne({ _id: username }, { $set: { disabled, disabledBy: by, disabledAt: now, updatedAt: now } });
      return r.matchedCount === 1;
    },

    /** Every key, newest first (a deployment has a handful). */
    listKeys: () => keys.find({}).sort({ createdAt: -1 }).limit(10_000).toArray(),

    /** The key with this public id (`key:<12 hex>`), or null. */
    async findKeyById(keyId: string): Promise<ApiKeyDoc | null> {
      const all = await keys.find({}, { projection: { _id: 1 } }).limit(10_000).toArray();
      const hit = all.find((k) => apiKeyActorId(k._id) === keyId);
      return hit ? keys.findOne({ _id: hit._id }) : null;
    },

    /** Revokes a key for good (its record stays, disabled). */
    async revokeKey(hash: string, by: string): Promise<ApiKeyDoc | null> {
      await keys.updateOne({ _id: hash }, { $set: { disabled: true, revokedAt: new Date(), revokedBy: by } });
      return keys.findOne({ _id: hash });
    },

    /** A new key with the old one's name, role and districts; the old one is revoked. Returns the new key: show it once. */
    async rotateKey(old: ApiKeyDoc, by: string): Promise<{ key: string; doc: ApiKeyDoc }> {
      const key = generateApiKey();
      const doc: ApiKeyDoc = { _id: hashApiKey(key), name: old.name, role: old.role, districts: old.districts, disabled: false, createdAt: new Date(), createdBy: by };
      await keys.insertOne(doc);
      await keys.updateOne({ _id: old._id }, { $set: { disabled: true, revokedAt: new Date(), revokedBy: by, replacedBy: apiKeyActorId(doc._id) } });
      return { key, doc };
    },

    /** A new random key; only its hash is stored. Returns the key: show it once. */
    async createKey(input: { name: string; role: Role; districts: string[]; createdBy: string }): Promise<{ key: string; doc: ApiKeyDoc }> {
      const key = generateApiKey();
      const doc: ApiKeyDoc = { _id: hashApiKey(key), ...input, disabled: false, createdAt: new Date() };
      await keys.insertOne(doc);
      return { key, doc };
    },

    /**
     * Creates a key with a value chosen outside (CW_BOOTSTRAP_API_KEY), or refreshes its name, role
     * and districts. Idempotent. A key an admin revoked (or rotated) stays revoked: a restart with
     * the same value does not bring it back. Returns the stored key.
     */
    async putKnownKey(key: string, input: { name: string; role: Role; districts: string[]; createdBy: string }): Promise<ApiKeyDoc> {
      const _id = hashApiKey(key);
      await keys.updateOne({ _id }, { $set: input, $setOnInsert: { disabled: false, createdAt: new Date() } }, { upsert: true });
      const doc = await keys.findOne({ _id });
      if (!doc) throw new Error('the bootstrap key was not stored');
      return doc;
    },
  };
}
export type UserStore = ReturnType<typeof createUserStore>;
