import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { headersFor, parseHeadersFile, startPanelServer, type PanelServer } from "../dev/panel-server";

const HEADERS_FILE = join("admin", "public", "_headers");

/** The panel's security headers: one file, admin/public/_headers, that Pages applies and the local panel server too. */
describe("the panel's security headers", () => {
  const dist = mkdtempSync(join(tmpdir(), "panel-headers-"));
  let panel: PanelServer;
  before(async () => {
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>panel</title>");
    copyFileSync(HEADERS_FILE, join(dist, "_headers"));
    panel = await startPanelServer({ port: 0, workerUrl: "http://127.0.0.1:9", distDir: dist });
  });
  after(async () => {
    await panel?.stop();
  });

  it("the _headers file gives every page a CSP that forbids framing, plus nosniff and a referrer policy", () => {
    const headers = headersFor(parseHeadersFile(readFileSync(HEADERS_FILE, "utf8")), "/inbox");
    const csp = headers["content-security-policy"] ?? "";
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["referrer-policy"], "no-referrer");
    assert.equal(headers["x-frame-options"], "DENY");
  });

  it("parses patterns, comments and indented headers as Pages does", () => {
    const rules = parseHeadersFile("# comment\n/assets/*\n  Cache-Control: immutable\n/exact\n  X-One: 1\n  X-Two: a: b\n");
    assert.deepEqual(headersFor(rules, "/assets/app.js"), { "cache-control": "immutable" });
    assert.deepEqual(headersFor(rules, "/exact"), { "x-one": "1", "x-two": "a: b" });
    assert.deepEqual(headersFor(rules, "/exactly"), {});
  });

  it("the local panel server sends them with every page it serves", async () => {
    for (const path of ["/", "/inbox", "/index.html"]) {
      const response = await fetch(`${panel.url}${path}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
    }
  });
});
