import type { z } from "zod";
import { staffContract, type StaffContract } from "../../src/core/staff/contract";

/**
 * The staff API as the local admin sees it: the simulation reads what the product recorded
 * (conversations, messages, turn traces, quotations, handoffs by reason, settings, the prompt)
 * through the same signed-in session a manager uses, never the database or the chat's object.
 * Answers are validated with the contract's own response schemas.
 */
type Name = "listConversations" | "listMessages" | "listTurns" | "listQuotations" | "getSettings" | "getPrompts" | "metrics";
type Result<N extends Name> = z.output<StaffContract[N]["response"]>;
interface Args {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
}

export interface StaffReader {
  call<N extends Name>(name: N, args?: Args): Promise<Result<N>>;
  /** The simulated customer's conversation, found by its phone number. */
  conversationOf(chatId: string): Promise<Result<"listConversations">["conversations"][number] | null>;
  /** Handoffs recorded between two moments, by reason. */
  handoffsBetween(from: Date, to: Date): Promise<Record<string, number>>;
  /** The session's fetch, for endpoints outside this list (the quality reviewer). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function signIn(workerUrl: string, email: string, password: string): Promise<StaffReader> {
  const login = await fetch(`${workerUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`signing in as ${email} failed (HTTP ${login.status}); the simulation reads results through the staff API as the local admin of .local/secrets.json`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  // Cookie requests that change something must come from the API's own origin (CSRF check), as the panel's do.
  const authed = (path: string, init: RequestInit = {}) => fetch(`${workerUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie, origin: workerUrl } });
  const call = async <N extends Name>(name: N, args: Args = {}): Promise<Result<N>> => {
    const route = staffContract[name];
    const path = route.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(args.params?.[key] ?? ""));
    const query = new URLSearchParams(Object.entries(args.query ?? {}).map(([k, v]) => [k, String(v)]));
    const response = await authed(`${path}${query.size ? `?${query}` : ""}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return route.response.parse(await response.json()) as Result<N>;
  };
  return {
    call,
    fetch: authed,
    async conversationOf(chatId) {
      const { conversations } = await call("listConversations", { query: { q: chatId, limit: 5 } });
      return conversations.find((c) => c.chatId === chatId) ?? null;
    },
    async handoffsBetween(from, to) {
      const metrics = await call("metrics", { query: { from: from.toISOString(), to: to.toISOString(), bucket: "hour" } });
      return metrics.totals.handoffsByReason;
    },
  };
}
