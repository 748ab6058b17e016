import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_DIR } from "./local-config";

export interface LocalAdmin {
  email: string;
  password: string;
}

/**
 * The local stack's first staff admin, generated once and kept in .local/secrets.json next to the
 * other local tokens. The worker creates it from ADMIN_BOOTSTRAP_EMAIL / ADMIN_BOOTSTRAP_PASSWORD
 * at the first sign-in while no staff user exists.
 */
export function localAdmin(dir = LOCAL_DIR): LocalAdmin {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "secrets.json");
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, string>) : {};
  const admin = { LOCAL_ADMIN_EMAIL: "admin@local.test", LOCAL_ADMIN_PASSWORD: randomBytes(12).toString("base64url"), ...stored };
  writeFileSync(path, JSON.stringify({ ...stored, ...admin }, null, 2), { mode: 0o600 });
  return { email: admin.LOCAL_ADMIN_EMAIL, password: admin.LOCAL_ADMIN_PASSWORD };
}

/** The worker variables that create the local admin; ones given in the environment win. */
export function localAdminVars(env: Record<string, string | undefined>): Record<string, string> {
  const admin = localAdmin();
  return { ADMIN_BOOTSTRAP_EMAIL: env.ADMIN_BOOTSTRAP_EMAIL ?? admin.email, ADMIN_BOOTSTRAP_PASSWORD: env.ADMIN_BOOTSTRAP_PASSWORD ?? admin.password };
}

/** How to sign in, for `npm start` to print; `workerUrl` is where to sign in (the panel's origin forwards /api/*). */
export function signInHelp(workerUrl: string, env: Record<string, string | undefined> = process.env): string {
  const { ADMIN_BOOTSTRAP_EMAIL: email, ADMIN_BOOTSTRAP_PASSWORD: password } = localAdminVars(env);
  return `  staff      ${email} / ${password}   (kept in ${join(LOCAL_DIR, "secrets.json")}; the first admin while no staff user exists)
             docs: ${workerUrl}/api/v1/docs   or:  curl -c .local/cookies -H 'content-type: application/json' \\
               -d '{"email":"${email}","password":"${password}"}' ${workerUrl}/api/v1/auth/login`;
}
