import { defineConfig } from "drizzle-kit";

// Used only to generate SQL migrations from the schema: `npm run db:generate`.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/adapters/db/schema.ts", "./src/adapters/db/staff-schema.ts", "./src/adapters/db/quality-schema.ts", "./src/adapters/db/quality-findings-schema.ts", "./src/adapters/db/analytics-schema.ts", "./src/adapters/db/outreach-schema.ts"],
  out: "./migrations",
});
