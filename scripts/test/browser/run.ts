import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserStack } from "../../../test/harness/node/browser";

/**
 * `npm run test:browser`: the panel in a real Chromium against the whole local stack, started as
 * `npm start` starts it (scripts/dev/stack.ts: wrangler dev, stand-ins, a scratch Postgres) with the
 * built panel served in front of it. One stack for every `*.browser.test.ts` file here; the files
 * run one after another under `node --test` and read the stack's addresses from BROWSER_STACK
 * (test/harness/node/browser.ts).
 * Arguments narrow the run to some files: `npm run test:browser -- inbox`.
 */
const stateDir = mkdtempSync(join(tmpdir(), "wa-browser-"));
process.env.LOCAL_STATE_DIR = stateDir; // the stack's generated secrets and local admin live here
const { startLocalStack } = await import("../../dev/stack");
const { startScratchDatabase } = await import("../../dev/scratch-database");
const { buildPanelIfNeeded, PANEL_DIST } = await import("../../dev/panel-build");
const { startPanelServer } = await import("../../dev/panel-server");
const { localAdmin } = await import("../../dev/local-admin");
const { freePort } = await import("../../simulate/stack");

const here = join(process.cwd(), "scripts", "test", "browser");
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".browser.test.ts") && (filters.length === 0 || filters.some((f) => name.includes(f))))
  .map((name) => join(here, name));
if (files.length === 0) throw new Error(`no browser test matches ${filters.join(", ")}`);

const env: Record<string, string | undefined> = { ...process.env };
// Never a real service from the developer's shell: every third party is its stand-in.
for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY", "TELEGRAM_API_URL", "TELEGRAM_BOT_TOKEN", "QDRANT_URL", "TRANSCRIBE_API_KEY", "ADMIN_BOOTSTRAP_EMAIL", "ADMIN_BOOTSTRAP_PASSWORD"]) delete env[name];

const log = process.env.BROWSER_VERBOSE ? (line: string) => console.log(`  ${line}`) : () => undefined;
const started = Date.now();
await buildPanelIfNeeded((line) => console.log(`# ${line}`));
const stack = await startLocalStack({
  stateDir,
  port: await freePort(),
  env,
  llmStandIn: true,
  scriptedSalesperson: true,
  // A small Zoho order history, analysed at start, for the Customers screen and the dashboard's analytics.
  demoHistory: 400,
  createDatabase: () => startScratchDatabase("browser"),
  log,
});
const panel = await startPanelServer({ port: await freePort(), workerUrl: stack.workerUrl, distDir: PANEL_DIST });
const info: BrowserStack = {
  panelUrl: panel.url,
  workerUrl: stack.workerUrl,
  webhookToken: stack.webhookToken,
  adminToken: stack.adminToken,
  channelId: stack.channelId,
  wazzupStandInUrl: stack.wazzupStandInUrl,
  zohoStandInUrl: stack.zohoStandInUrl,
  openrouterUrl: stack.services.openrouterUrl ?? null,
  admin: localAdmin(stateDir),
};
const infoFile = join(stateDir, "browser-stack.json");
writeFileSync(infoFile, JSON.stringify(info));
console.log(`# stack and panel up in ${((Date.now() - started) / 1000).toFixed(1)} s; panel at ${panel.url}`);

let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], { stdio: "inherit", env: { ...process.env, BROWSER_STACK: infoFile } });
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
} finally {
  await panel.stop();
  await stack.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
process.exit(code);
