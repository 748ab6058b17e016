import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { openRouterFailure } from "../../src/adapters/llm/openrouter-errors";
import { ModelCallFailed, modelKeyRefused } from "../../src/core/agent/model";

/** Issue 20: a failed model call names OpenRouter and its host, and a 401 is told apart as permanent. */
describe("openRouterFailure", () => {
  const base = "https://openrouter.ai/api/v1";

  it("calls a 401 the key refused, naming OpenRouter, the host and OpenRouter's reason once", () => {
    const error = OpenAI.APIError.generate(401, { error: { code: 401, message: "User not found." } }, undefined, new Headers());
    const failure = openRouterFailure(error, base);
    expect(failure.kind).toBe("key_refused");
    expect(failure.status).toBe(401);
    expect(failure.message).toBe("OpenRouter at openrouter.ai refused OPENROUTER_API_KEY (HTTP 401: User not found.)");
    expect(modelKeyRefused(failure)).toBe(true);
  });

  it("calls a failed connection unreachable and keeps the DNS cause, naming OpenRouter and the host", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND openrouter.ai"), { code: "ENOTFOUND" });
    const error = new OpenAI.APIConnectionError({ cause: new TypeError("fetch failed", { cause: dns }) });
    const failure = openRouterFailure(error, "https://openrouter.ai:8443/api/v1");
    expect(failure.kind).toBe("unreachable");
    expect(failure.status).toBeNull();
    expect(failure.message).toBe("OpenRouter at openrouter.ai:8443 could not be reached: Connection error. ← fetch failed ← getaddrinfo ENOTFOUND openrouter.ai");
    expect(modelKeyRefused(failure)).toBe(false);
  });

  it("calls a timeout or another status a failed call, never the key refused", () => {
    const timeout = openRouterFailure(new OpenAI.APIConnectionTimeoutError(), base);
    expect(timeout.kind).toBe("failed");
    expect(timeout.message).toMatch(/^OpenRouter at openrouter.ai failed: /);
    const server = openRouterFailure(OpenAI.APIError.generate(502, { error: { message: "Bad gateway" } }, undefined, new Headers()), base);
    expect(server).toMatchObject({ kind: "failed", status: 502 });
    expect(server.message).toBe("OpenRouter at openrouter.ai failed (HTTP 502): Bad gateway");
    expect(openRouterFailure(Object.assign(new Error("no"), { status: 403 }), base).kind).toBe("failed");
  });

  it("passes a classified failure through unchanged and copes with a base URL it cannot parse", () => {
    const once = new ModelCallFailed("OpenRouter at x refused", "key_refused", 401);
    expect(openRouterFailure(once, base)).toBe(once);
    expect(openRouterFailure("boom", "not a url").message).toBe("OpenRouter at not a url could not be reached: boom");
    expect(modelKeyRefused(new Error("401"))).toBe(false);
  });

  it("keeps the error as the cause, states a status once only where it leads, and reads at most four causes", () => {
    const upstream = OpenAI.APIError.generate(500, { error: { message: "provider 503 upstream" } }, undefined, new Headers());
    const failure = openRouterFailure(upstream, base);
    expect(failure.cause).toBe(upstream);
    expect(failure.message).toBe("OpenRouter at openrouter.ai failed (HTTP 500): provider 503 upstream");
    const deep = new Error("one", { cause: new Error(" two ", { cause: new Error("", { cause: new Error("three", { cause: new Error("four", { cause: new Error("five") }) }) }) }) });
    expect(openRouterFailure(deep, base).message).toBe("OpenRouter at openrouter.ai could not be reached: one ← two ← three");
    const loop = new Error("again");
    (loop as { cause?: unknown }).cause = loop;
    expect(openRouterFailure(loop, base).message).toBe("OpenRouter at openrouter.ai could not be reached: again");
    expect(openRouterFailure(new Error("dns", { cause: 42 }), base).message).toBe("OpenRouter at openrouter.ai could not be reached: dns");
    expect(openRouterFailure(null, base)).toMatchObject({ kind: "unreachable", status: null, message: "OpenRouter at openrouter.ai could not be reached" });
  });
});
