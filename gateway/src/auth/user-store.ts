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
}

export interface ApiKeyDoc {
  _id: string;
  name: string;
  role: Role;
  districts: string[];
  disabled: boolean;
  createdAt: Date;
  createdBy: string;
}

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

    /** A new random key; only its hash is stored. Returns the key: show it once. */
    async createKey(input: { name: string; role: Role; districts: string[]; createdBy: string }): Promise<{ key: string; doc: ApiKeyDoc }> {
      const key = generateApiKey();
      const doc: ApiKeyDoc = { _id: hashApiKey(key), ...input, disabled: false, createdAt: new Date() };
      await keys.insertOne(doc);
      return { key, doc };
    },

    /** Creates or refreshes a key with a value chosen outside (CW_BOOTSTRAP_API_KEY). Idempotent. */
    async putKnownKey(key: string, input: { name: string; role: Role; districts: string[]; createdBy: string }): Promise<ApiKeyDoc> {
      const doc: ApiKeyDoc = { _id: hashApiKey(key), ...input, disabled: false, createdAt: new Date() };
      const { _id, createdAt, ...rest } = doc;
      await keys.updateOne({ _id }, { $set: rest, $setOnInsert: { createdAt } }, { upsert: true });
      return doc;
    },
  };
}
export type UserStore = ReturnType<typeof createUserStore>;
