import { afterAll, expect, inject } from "vitest";

/**
 * Runs after every test file (a setup file of both Workers projects): the third-party stand-ins
 * answer a request no route expects with 404 and remember it, and a 404 is easy for a client to
 * swallow. So each file ends by asserting that no stand-in saw such a request. The stand-ins are
 * shared by all files, so the file that fails is the first to finish after the stray request.
 */
const STAND_INS = ["wazzupUrl", "telegramUrl", "openrouterUrl", "transcribeUrl", "zohoUrl", "embeddingsUrl", "qdrantUrl"] as const;

export async function unexpectedStandInRequests(): Promise<Record<string, { method: string; path: string }[]>> {
  const found: Record<string, { method: string; path: string }[]> = {};
  for (const name of STAND_INS) {
    const response = await fetch(`${new URL(inject(name)).origin}/__control/unexpected`);
    if (!response.ok) throw new Error(`${name} stand-in answered ${response.status} to /__control/unexpected`);
    const { unexpected } = (await response.json()) as { unexpected: { method: string; path: string }[] };
    if (unexpected.length > 0) found[name] = unexpected;
  }
  return found;
}

afterAll(async () => {
  expect(await unexpectedStandInRequests()).toEqual({});
});
