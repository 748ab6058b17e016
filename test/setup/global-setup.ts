import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { ProvidedContext } from "vitest";
import type { TestProject } from "vitest/node";

/** What the services process prints: the provided context, one JSON line. */
type Services = Pick<
  ProvidedContext,
  "databaseUrl" | "databaseKind" | "neonProxy" | "wazzupUrl" | "telegramUrl" | "openrouterUrl" | "transcribeUrl" | "zohoUrl" | "embeddingsUrl" | "qdrantUrl" | "vectorDatabaseUrl"
>;

/**
 * Starts what the worker talks to before the tests run in workerd: a real Postgres (migrated and
 * seeded with the demo catalog), an embedded Postgres with pgvector (the pgvector contract run),
 * the WebSocket relay the Neon driver uses to reach both, and the Wazzup, OpenRouter,
 * transcription, Zoho, embeddings and Qdrant stand-ins. They run in a child Node process (scripts/dev/services.ts)
 * and their addresses reach the worker as bindings through `provide`.
 */
export default async function setup(project: TestProject) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/dev/services.ts", "--test"], {
    stdio: ["pipe", "pipe", "inherit"],
    env: process.env,
  });
  const services = await new Promise<Services>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line) as Services);
      } catch (error) {
        reject(new Error(`test services printed something unexpected: ${line}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`test services exited with code ${code}`)));
  });
  child.stdout.resume();

  project.provide("databaseUrl", services.databaseUrl);
  project.provide("databaseKind", services.databaseKind);
  project.provide("neonProxy", services.neonProxy);
  project.provide("wazzupUrl", services.wazzupUrl);
  project.provide("telegramUrl", services.telegramUrl);
  project.provide("openrouterUrl", services.openrouterUrl);
  project.provide("transcribeUrl", services.transcribeUrl);
  project.provide("zohoUrl", services.zohoUrl);
  project.provide("embeddingsUrl", services.embeddingsUrl);
  project.provide("qdrantUrl", services.qdrantUrl);
  project.provide("vectorDatabaseUrl", services.vectorDatabaseUrl);
  console.log(`[test setup] database: ${services.databaseKind}; stand-ins: wazzup ${services.wazzupUrl}, openrouter ${services.openrouterUrl}`);

  return async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.stdin.end();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  };
}
