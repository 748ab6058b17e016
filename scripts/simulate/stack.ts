import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localSecrets, readStackInfo } from "../dev/local-config";
import { startLocalStack } from "../dev/stack";
import type { StackAddress } from "./agent-chat";

/** The stack the simulation talks to, and how to let it go (stops it only if the simulation started it). */
export interface SimulationStack extends StackAddress {
  llmMode: string;
  startedHere: boolean;
  release(): Promise<void>;
}

/**
 * `--url`: that worker (with this folder's tokens); else the running `npm start` of this state
 * folder when it answers; else a stack of its own like `npm start` with `LLM_STANDIN=1` (the
 * scripted salesperson, unless OPENROUTER_API_KEY is set), in a throwaway folder and database.
 */
export async function simulationStack(url: string | undefined, env: Record<string, string | undefined>, log: (line: string) => void): Promise<SimulationStack> {
  const running = readStackInfo();
  if (url) {
    const same = running?.workerUrl === url.replace(/\/$/, "") ? running : null;
    const secrets = localSecrets();
    return {
      workerUrl: url.replace(/\/$/, ""),
      webhookToken: same?.webhookToken ?? env.WAZZUP_WEBHOOK_TOKEN ?? secrets.WAZZUP_WEBHOOK_TOKEN,
      channelId: same?.channelId ?? env.WAZZUP_CHANNEL_ID ?? "local-channel",
      wazzupStandInUrl: same?.wazzupStandInUrl ?? null,
      llmMode: same?.llmMode ?? "unknown",
      startedHere: false,
      release: async () => undefined,
    };
  }
  if (running && (await answers(running.workerUrl))) {
    log(`Using the running stack at ${running.workerUrl} (${running.llmMode} LLM).`);
    return { ...running, startedHere: false, release: async () => undefined };
  }
  const stateDir = mkdtempSync(join(env.SIMULATE_STATE_DIR ?? tmpdir(), "wa-simulate-"));
  const port = Number(env.SIMULATE_PORT ?? (await freePort()));
  log(`No running stack: starting one on port ${port} with the scripted salesperson (state in ${stateDir})…`);
  const stack = await startLocalStack({ stateDir, port, env, llmStandIn: true, scriptedSalesperson: true, ephemeralDatabase: true, log: () => undefined, progress: (step) => log(`  ✓ ${step}`) });
  return {
    ...stack,
    startedHere: true,
    async release() {
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function answers(workerUrl: string): Promise<boolean> {
  const response = await fetch(`${workerUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
  return response?.ok === true;
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
