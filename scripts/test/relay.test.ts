import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client, neonConfig } from "@neondatabase/serverless";
import { WebSocket } from "ws";
import { startEmbeddedPostgres, type RunningDatabase } from "../dev/database";
import { startNeonRelay, type Relay } from "../dev/neon-ws-relay";

/**
 * The relay in front of embedded PGlite (one session) with the production Neon driver: clients
 * share the session one transaction at a time. Before, one client connection held it whole, and
 * the first catalog sync (a connection open for minutes) made a customer's first reply wait 18 s.
 */
let database: RunningDatabase;
let relay: Relay;

before(async () => {
  database = await startEmbeddedPostgres({});
  relay = await startNeonRelay([{ host: database.host, port: database.port, maxConnections: 12, sharedSession: true }]);
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = (host, port) => `${relay.proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
});
after(async () => {
  await relay.close();
  await database.stop();
});

async function connected(): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

describe("embedded Postgres through the relay", () => {
  it("answers a second client while the first keeps its connection open and idle", { timeout: 10_000 }, async () => {
    const longLived = await connected();
    await longLived.query("select 1");
    const started = Date.now();
    const customer = await connected();
    const { rows } = await customer.query("select $1::int + 1 as n", [41]);
    assert.equal(rows[0].n, 42);
    assert.ok(Date.now() - started < 3000, `answered in ${Date.now() - started} ms`);
    await customer.end();
    await longLived.end();
  });

  it("keeps a transaction whole: others wait for its commit and never see it half done", async () => {
    const setup = await connected();
    await setup.query("create table if not exists floor_test (id int primary key, v int)");
    await setup.query("truncate floor_test");
    await setup.end();
    const writer = await connected();
    const reader = await connected();
    await writer.query("begin");
    await writer.query("insert into floor_test values (1, 1)");
    const read = reader.query("select count(*)::int as n from floor_test");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.query("insert into floor_test values (2, 2)");
    await writer.query("commit");
    assert.equal((await read).rows[0].n, 2);
    await writer.end();
    await reader.end();
  });

  it("never mixes two clients' parameterised queries", async () => {
    const clients = await Promise.all([connected(), connected(), connected()]);
    const results = await Promise.all(
      clients.flatMap((client, c) => Array.from({ length: 20 }, (_, i) => client.query("select $1::text as v", [`${c}-${i}`]).then((r) => [r.rows[0].v, `${c}-${i}`]))),
    );
    for (const [got, expected] of results) assert.equal(got, expected);
    await Promise.all(clients.map((c) => c.end()));
  });
});
