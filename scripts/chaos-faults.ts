import postgres from "postgres";

/**
 * The faults `npm run chaos` injects, each through what the stand-ins offer for scripted failures
 * (their `/__control` APIs) or, for the database, by Postgres itself dropping every connection the
 * worker holds. Each returns a line saying what it did, for the run's log.
 */
export interface FaultTargets {
  wazzupUrl: string;
  zohoUrl: string;
  openrouterOrigin: string;
  embeddingsOrigin: string;
  databaseUrl: string;
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

/** Wazzup refuses the next `times` sends to each chat with a 503, as during an outage; later sends go through. */
export async function wazzupOutage(targets: FaultTargets, chatIds: string[], times: number): Promise<string> {
  await Promise.all(chatIds.map((chatId) => post(`${targets.wazzupUrl}/__control/failures`, { chatId, status: 503, error: "SERVICE_UNAVAILABLE", description: "chaos", times })));
  return `Wazzup: the next ${times} sends to each of ${chatIds.length} chats fail with 503`;
}

/** Zoho answers sale order and contact writes with 503/500 a few times (token grants keep working). */
export async function zohoOutage(targets: FaultTargets, times: number): Promise<string> {
  await post(`${targets.zohoUrl}/__control/failures`, {
    failures: [
      { path: "/inventory/v1/salesorders", method: "POST", status: 503, body: { code: 503, message: "Service unavailable (chaos)" }, times },
      { path: "/inventory/v1/contacts", status: 500, body: { code: 500, message: "Internal error (chaos)" }, times },
      { path: "/crm/", status: 503, body: { code: "INTERNAL_ERROR", message: "chaos" }, times },
    ],
  });
  return `Zoho: the next ${times} sale order, contact and CRM calls each fail (503/500)`;
}

/** The LLM provider fails the next `times` completions of each chat (matched by the chat's tag in its messages). */
export async function llmOutage(targets: FaultTargets, tags: string[], times: number): Promise<string> {
  await Promise.all(tags.map((match) => post(`${targets.openrouterOrigin}/__control/scripts`, { match, responses: Array.from({ length: times }, () => ({ status: 503, error: "provider unavailable (chaos)" })) })));
  return `OpenRouter: the next ${times} completions of each of ${tags.length} chats fail with 503`;
}

/** The embeddings provider fails its next `times` requests (search falls back to keywords meanwhile). */
export async function embeddingsOutage(targets: FaultTargets, times: number): Promise<string> {
  await post(`${targets.embeddingsOrigin}/__control/failures`, { failures: [{ status: 503, times }] });
  return `embeddings: the next ${times} requests fail with 503`;
}

/**
 * Postgres drops every connection to the product's database, again and again for `ms`: queries in
 * flight fail and new connections are cut as soon as they are seen. Returns how many it cut.
 */
export async function databaseOutage(targets: FaultTargets, ms: number, everyMs = 250): Promise<string> {
  const admin = postgres(targets.databaseUrl, { max: 1, onnotice: () => undefined });
  let cut = 0;
  try {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const rows = await admin`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      cut += rows.filter((r) => r.ok).length;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    await admin.end();
  }
  return `Postgres: every connection of the worker dropped every ${everyMs} ms for ${ms / 1000} s (${cut} cut)`;
}
