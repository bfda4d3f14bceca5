import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.js';
import { createValidator } from './validate.js';

/** Roles of people and machine clients (docs/decisions/0010-authentication.md). */
export const ROLES = ['operator', 'mediator', 'enforcement', 'supervisor', 'council', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = StringEnum(ROLES, { description: 'What the principal may do' });

/** Roles whose case access is limited to their own districts. */
export const DISTRICT_SCOPED_ROLES: readonly Role[] = ['mediator', 'enforcement'];

/** Roles that may act on a case without being its assignee (supervisors, admins; `system`: imports and services). */
export const OVERRIDE_ROLES: readonly string[] = ['supervisor', 'admin', 'system'];

/** Roles that approve a verification extension (负责人批准); never the case's own assignee. */
export const APPROVER_ROLES: readonly string[] = ['supervisor', 'admin'];

export const Username = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{1,63}$', description: 'Login name: lower-case letters, digits, . _ - (2–64)',
});
export const DistrictCode = Type.String({ pattern: '^[0-9]{6}(-[A-Z]{2,8})?$', description: 'District id of the region configuration, e.g. 441502 or 441500-HHW' });
const Districts = Type.Array(DistrictCode, { maxItems: 50, uniqueItems: true, description: 'Districts a mediator or enforcement officer works for' });

/** `POST /api/v1/auth/login`. Lengths are loose on purpose: login must not reveal the password policy. */
export const LoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, description: 'Login name' }),
  password: Type.String({ minLength: 1, maxLength: 200, description: 'Password' }),
}, { additionalProperties: false, description: 'Login with username and password' });
export type LoginRequest = Static<typeof LoginRequest>;
export const validateLoginRequest = createValidator(LoginRequest);

/** `POST /api/v1/admin/users` (admin only). */
export const CreateUserRequest = Type.Object({
  username: Username,
  password: Type.String({ minLength: 10, maxLength: 200, description: 'Initial password (at least 10 characters)' }),
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Display name, e.g. 张三' }),
  role: RoleSchema,
  districts: Type.Optional(Districts),
}, { additionalProperties: false, description: 'A new user' });
export type CreateUserRequest = Static<typeof CreateUserRequest>;
export const validateCreateUserRequest = createValidator(CreateUserRequest);

/** `POST /api/v1/admin/api-keys` (admin only). The key is returned once and stored hashed. */
export const CreateApiKeyRequest = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'What uses the key, e.g. 12345-bridge' }),
  role: RoleSchema,
  districts: Type.Optional(Districts),
}, { additionalProperties: false, description: 'A new API key for a machine client' });
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequest>;
export const validateCreateApiKeyRequest = createValidator(CreateApiKeyRequest);

const NewPassword = Type.String({ minLength: 10, maxLength: 200, description: 'New password: at least 10 characters, not a common one, hard to guess' });

/** `POST /api/v1/auth/password`: a logged-in user changes their own password. */
export const ChangePasswordRequest = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200, description: 'The password in use now' }),
  newPassword: NewPassword,
}, { additionalProperties: false, description: 'Change my password' });
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;
export const validateChangePasswordRequest = createValidator(ChangePasswordRequest);

/** `PATCH /api/v1/admin/users/:username` (admin only): disable or re-enable, or set a new password. */
export const UpdateUserRequest = Type.Object({
  disabled: Type.Optional(Type.Boolean({ description: 'true: the account cannot log in and its sessions and sockets end at once' })),
  password: Type.Optional(NewPassword),
}, { additionalProperties: false, minProperties: 1, description: 'A change to a user account' });
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;
export const validateUpdateUserRequest = createValidator(UpdateUserRequest);

/** `POST /api/v1/cases/:caseId/reveal`: the full value of a masked field, for a stated reason (audited). */
export const RevealRequest = Type.Object({
  field: StringEnum(['phone'] as const, { description: 'Which masked field: the phone number of the consumer or reporter' }),
  reason: Type.String({ minLength: 4, maxLength: 200, description: 'Why it is needed, e.g. 电话回访消费者确认调解方案 (kept in the audit trail)' }),
}, { additionalProperties: false, description: 'Reveal one masked field of a case' });
export type RevealRequest = Static<typeof RevealRequest>;
export const validateRevealRequest = createValidator(RevealRequest);

/** What `/auth/login` and `/auth/me` answer: never the password hash. */
export interface UserView {
  id: string;
  name: string;
  role: Role;
  districts: string[];
}
