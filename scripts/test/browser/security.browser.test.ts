import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { browserStack, newChatId, newContext, postCustomerText, screenshot, signIn, withBrowser } from "../../../test/harness/node/browser";

/**
 * The panel under its own security headers (admin/public/_headers, sent by the local panel server
 * as Pages sends them): the CSP refuses nothing the panel does, the live socket connects under
 * connect-src 'self', and the __Host- session cookie works on the local http origin.
 */
describe("the panel under its security headers", () => {
  let browser: Browser;
  withBrowser((launched) => (browser = launched));

  it("signs in with a __Host- cookie, runs the inbox live, and the CSP blocks nothing", async () => {
    const context = await newContext(browser);
    // Every CSP violation the page sees, from its first script on.
    await context.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener("securitypolicyviolation", (raw: unknown) => {
        const event = raw as { violatedDirective: string; blockedURI: string };
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
    });
    const landing = await page.goto(`${browserStack().panelUrl}/`);
    const headers = landing!.headers();
    assert.match(headers["content-security-policy"] ?? "", /frame-ancestors 'none'/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["referrer-policy"], "no-referrer");

    await signIn(page);
    const cookies = await context.cookies(browserStack().panelUrl);
    const session = cookies.find((c) => c.name === "__Host-staff_session");
    assert.ok(session, `the session cookie is kept (cookies: ${cookies.map((c) => c.name).join(", ") || "none"})`);
    assert.equal(session.secure, true);
    assert.equal(session.httpOnly, true);
    assert.equal(session.path, "/");
    assert.equal(cookies.some((c) => c.name === "staff_session"), false);

    // The live socket connects and carries a customer's message without a reload.
    await page.getByText("● Live").waitFor();
    const chatId = newChatId();
    await postCustomerText(chatId, "Hello, do you have office chairs?", "Header Check");
    await page.getByRole("listitem", { name: `New chat ${chatId}` }).waitFor();
    await screenshot(page, "security-headers-inbox");

    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    assert.deepEqual(violations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it("another site cannot frame the panel", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors|Refused to frame|Refused to display/i.test(message.text())) blocked.push(message.text());
    });
    await page.setContent(`<iframe id="panel" src="${browserStack().panelUrl}/" width="400" height="300"></iframe>`);
    const frame = await (await page.$("#panel"))!.contentFrame();
    // The frame's document stays empty: the browser refused to render the panel inside another page.
    await frame?.waitForLoadState().catch(() => undefined);
    const framed = await frame?.evaluate(() => document.querySelector("#root") !== null).catch(() => false);
    assert.equal(framed ?? false, false);
    await context.close();
  });
});
