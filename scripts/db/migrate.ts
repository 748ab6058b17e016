import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies the SQL migrations in `migrations/` (idempotent: applied ones are recorded and skipped). */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await sql.end();
  }
}

/** DATABASE_URL for a command-line script, or exit with a message naming it. */
export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set");
    process.exit(2);
  }
  return url;
}

// `npm run db:migrate` (used by the deploy workflow against Neon with DATABASE_URL set).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await migrateDatabase(databaseUrlFromEnv());
  console.log("migrations applied");
}
