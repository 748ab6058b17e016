import { z } from "zod";
import { ROLES } from "../roles";
import { changePasswordInput, createUserInput, resetPasswordInput, staffUserSchema, updateUserInput } from "./users";
import { contracts, idParams, ok, timestamp } from "./types";

const me = z.object({
  user: z.object({ id: z.uuid().nullable(), email: z.string(), name: z.string(), role: z.enum(ROLES) }),
  via: z.enum(["session", "token"]),
});

export const authContract = contracts({
  login: {
    method: "post", path: "/api/v1/auth/login", tag: "auth", permission: null, public: true,
    summary: "Sign in: sets the HttpOnly session cookie",
    description: "Wrong password and unknown email get the same 401. Repeated failures for an email or an address get 429 with Retry-After.",
    body: z.object({ email: z.string().min(1).max(200), password: z.string().min(1).max(200) }).strict(),
    response: z.object({ user: staffUserSchema.pick({ id: true, email: true, name: true, role: true }), expiresAt: timestamp }),
  },
  logout: { method: "post", path: "/api/v1/auth/logout", tag: "auth", permission: null, summary: "Sign out: ends this session", response: ok },
  me: { method: "get", path: "/api/v1/auth/me", tag: "auth", permission: null, summary: "The signed-in user and role", response: me },
  changePassword: {
    method: "post", path: "/api/v1/auth/password", tag: "auth", permission: null,
    summary: "Change your own password (your other sessions end)", body: changePasswordInput, response: ok,
  },
});

export const usersContract = contracts({
  listUsers: { method: "get", path: "/api/v1/admin/users", tag: "users", permission: "users.manage", summary: "All staff users", response: z.object({ users: z.array(staffUserSchema) }) },
  createUser: { method: "post", path: "/api/v1/admin/users", tag: "users", permission: "users.manage", summary: "Create a staff user", body: createUserInput, status: 201, response: z.object({ user: staffUserSchema }) },
  updateUser: {
    method: "patch", path: "/api/v1/admin/users/:id", tag: "users", permission: "users.manage",
    summary: "Change name, role or disabled (disabling or a role change ends the user's sessions)",
    params: idParams, body: updateUserInput, response: z.object({ user: staffUserSchema }),
  },
  resetPassword: {
    method: "post", path: "/api/v1/admin/users/:id/password", tag: "users", permission: "users.manage",
    summary: "Set a new password for a user (their sessions end)", params: idParams, body: resetPasswordInput, response: ok,
  },
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestamp,
  actorType: z.enum(["user", "token", "anonymous", "system"]),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  role: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  address: z.string().nullable(),
});

export const auditContract = contracts({
  listAudit: {
    method: "get", path: "/api/v1/admin/audit", tag: "audit", permission: "audit.read",
    summary: "The audit log, newest first",
    query: z.object({
      actor: z.string().max(200).optional().describe("an email, or ADMIN_API_TOKEN"),
      action: z.string().max(100).optional().describe("e.g. settings.update, user.create"),
      target: z.string().max(200).optional().describe("`type` or `type:id`, e.g. user:<uuid>"),
      before: z.coerce.number().int().positive().optional().describe("the previous page's nextBefore"),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() }),
  },
});
