import type { RecordedCompletion } from "../../stand-ins/openrouter";

/**
 * Calls a stand-in's control API (`/__control/...`, under the stand-in's base URL without its
 * `/v1`) and returns its JSON (an empty object for 204); fails on any other non-2xx answer.
 */
export async function standInControl<T = Record<string, unknown>>(baseUrl: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${baseUrl.replace(/\/v1$/, "")}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    ...(init.body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? {} : await response.json()) as T;
}

/**
 * Scripts the OpenRouter stand-in (`openrouterUrl`, its API base): the next requests whose user
 * text contains `match` get these answers in turn (texts, tool calls, HTTP errors). With
 * `target: "judge"` it scripts the quality judge, matched on the transcript.
 */
export async function scriptOpenRouter(openrouterUrl: string, match: string, responses: unknown[], target?: "judge"): Promise<void> {
  const response = await fetch(`${new URL(openrouterUrl).origin}/__control/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ match, responses, ...(target ? { target } : {}) }),
  });
  if (response.status !== 201) throw new Error(`scripting the ${target ?? "model"} failed: ${response.status}`);
}

/** The chat-completion requests the OpenRouter stand-in received whose user text contains `match`. */
export async function openRouterRequests(openrouterUrl: string, match: string): Promise<RecordedCompletion[]> {
  const response = await fetch(`${new URL(openrouterUrl).origin}/__control/requests?match=${encodeURIComponent(match)}`);
  return ((await response.json()) as { requests: RecordedCompletion[] }).requests;
}
