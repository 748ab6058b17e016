import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { customers } from "./schema";

/** Records a customer's opt-out (a time) or opt-in (null). */
export async function setCustomerOptOut(db: Database, customerId: string, at: Date | null): Promise<void> {
  await db.update(customers).set({ proactiveOptOutAt: at, updatedAt: sql`now()` }).where(eq(customers.id, customerId));
}
