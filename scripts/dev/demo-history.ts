import { generateHistory } from "../../stand-ins/zoho-history";

/** The demo's history: the same seed every start, ending today, so the screens show something true. */
export const DEMO_HISTORY_SEED = 2026;

/**
 * Loads a generated two-year customer history (contacts and sale orders) into the Zoho stand-in
 * and starts an analytics run, which imports it, labels segments and trains the model.
 */
export async function loadDemoHistory(zohoUrl: string, workerUrl: string, adminToken: string, customers: number): Promise<string> {
  const history = generateHistory({ customers, seed: DEMO_HISTORY_SEED, now: new Date(), years: 2 });
  const loaded = await fetch(`${zohoUrl}/__control/history`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ contacts: history.contacts, salesorders: history.salesorders }),
  }).catch(() => null);
  if (!loaded?.ok) return `analytics: the demo history was not loaded (${loaded ? `HTTP ${loaded.status}` : "no answer"})`;
  const run = await fetch(`${workerUrl}/api/v1/analytics/run`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: "{}",
  }).catch(() => null);
  return `analytics: ${history.contacts.length} Zoho customers with ${history.salesorders.length} sale orders over two years in the stand-in; run ${run?.ok ? "started" : `not started (${run ? `HTTP ${run.status}` : "no answer"})`} (npm run train prints the model's evaluation)`;
}
