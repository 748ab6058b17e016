import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./schema";

/** A person who signs in to the panel. Email is stored lower-cased; the password only as a PBKDF2 hash. */
export const staffUsers = pgTable("staff_users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["admin", "manager", "viewer"] }).notNull(),
  /** base64 PBKDF2-SHA256 output, its per-user salt and iteration count (kept so the figure can change later). */
  passwordHash: text("password_hash").notNull(),
  passwordSalt: text("password_salt").notNull(),
  passwordIterations: integer("password_iterations").notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A signed-in browser. The cookie carries a random id; only its SHA-256 is stored, so a leaked
 * table cannot be replayed. A session ends at the first of: idle timeout, absolute expiry, revocation.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    address: text("address"),
  },
  (t) => [index("staff_sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins per key (`email:<address>` or `ip:<address>`) in the current window. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/**
 * Every change made by staff or the API token. Append-only: the migration adds a trigger that
 * refuses UPDATE and DELETE, so not even a bug in a route can rewrite history.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["user", "token"] }).notNull(),
    actorId: uuid("actor_id"),
    /** The user's email, or `ADMIN_API_TOKEN` for the machine credential. */
    actorLabel: text("actor_label").notNull(),
    role: text("role").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before").$type<unknown>(),
    after: jsonb("after").$type<unknown>(),
    requestId: text("request_id"),
    address: text("address"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorLabel, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

/**
 * A conversation staff closed. It counts as closed while nothing newer than `closedAt` was
 * written in it: the customer's next message reopens it without anyone updating this row.
 */
export const conversationClosures = pgTable("conversation_closures", {
  conversationId: uuid("conversation_id")
    .primaryKey()
    .references(() => conversations.id),
  closedAt: timestamp("closed_at", { withTimezone: true }).notNull().default(sql`now()`),
  closedBy: text("closed_by").notNull(),
});
