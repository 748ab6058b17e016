import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { adminApi, navigate, newPage, screenshot, signIn, staffUser, withBrowser } from "../../../test/harness/node/browser";

/** Settings in a browser: the API's validation shows under the field, and a viewer is told why a change is refused. */
describe("the settings screen", () => {
  let browser: Browser;
  withBrowser((launched) => (browser = launched));

  async function openSettings(who?: { email: string; password: string }): Promise<Page> {
    const page = await newPage(browser);
    await signIn(page, who);
    await navigate(page, "Settings");
    await page.getByLabel("Largest discount (%)").waitFor();
    return page;
  }

  /** The inline error shown with a field: the alert inside the field's own box. */
  const fieldError = (page: Page, label: string) => page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).getByRole("alert");

  it("shows the API's validation errors next to the fields that caused them, and saves nothing", async () => {
    const page = await openSettings();
    const before = (await adminApi().getSettings()).settings;
    await page.getByLabel("Largest discount (%)").fill("80");
    await page.getByLabel("Manager WhatsApp numbers").fill("971500000001, 12ab");
    await page.getByRole("button", { name: "Save settings" }).click();
    await fieldError(page, "Largest discount (%)").waitFor();
    assert.match(await fieldError(page, "Largest discount (%)").innerText(), /50/);
    assert.match(await fieldError(page, "Manager WhatsApp numbers").innerText(), /digits only.*\(item 2\)/);
    // Untouched fields carry no error.
    assert.equal(await fieldError(page, "VAT (%)").count(), 0);
    await screenshot(page, "settings-validation");
    const afterSave = (await adminApi().getSettings()).settings;
    assert.deepEqual(afterSave, before, "a refused change changes nothing");

    // Fixed, it saves, and the API holds the new value.
    const quiet = String(Number(before.handoffQuietMinutes) === 45 ? 46 : 45);
    await page.getByLabel("Largest discount (%)").fill(String(before.maxDiscountPercent));
    await page.getByLabel("Manager WhatsApp numbers").fill((before.managerPhones as string[]).join(", "));
    await page.getByLabel("Quiet after a manager writes (minutes)").fill(quiet);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The agent uses the new settings from its next reply.").waitFor();
    assert.equal((await adminApi().getSettings()).settings.handoffQuietMinutes, Number(quiet));
    await adminApi().patchSettings({ body: { handoffQuietMinutes: Number(before.handoffQuietMinutes) } });
  });

  it("tells a viewer that their role may not change settings, and changes nothing", async () => {
    const viewer = await staffUser("viewer", "Settings Viewer");
    const page = await openSettings(viewer);
    await page.getByText("Changing them needs the admin role (you are viewer)").waitFor();
    const before = (await adminApi().getSettings()).settings;
    await page.getByLabel("Largest discount (%)").fill("5");
    await page.getByRole("button", { name: "Save settings" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "Not allowed" });
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /Your role \(viewer\) may not settings\.write/);
    await screenshot(page, "settings-viewer-refused");
    assert.deepEqual((await adminApi().getSettings()).settings, before);
  });
});
