import { describe, expect, it } from "vitest";
import { ConfigError, getConfig, MIN_TOKEN_LENGTH } from "../../src/core/config";

/** Issue 11: tokens had no minimum length, so `ADMIN_API_TOKEN=admin` went live. */
describe("config refuses guessable tokens at start", () => {
  it.each([
    ["WAZZUP_WEBHOOK_TOKEN", MIN_TOKEN_LENGTH],
    ["ADMIN_API_TOKEN", MIN_TOKEN_LENGTH],
    ["DOCUMENT_LINK_SECRET", 32],
  ])("%s shorter than %i characters is refused, naming the variable and not the value", (name, min) => {
    const value = "s3cr3tValue".padEnd(min - 1, "x");
    let thrown: unknown;
    try {
      getConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain(`${name}: is too short`);
    expect(message).toContain(String(min));
    expect(message).not.toContain(value);
    expect(message).not.toContain("s3cr3t");
  });

  it("accepts tokens of the minimum length, and leaves unset ones unset", () => {
    const config = getConfig({ WAZZUP_WEBHOOK_TOKEN: "w".repeat(MIN_TOKEN_LENGTH), ADMIN_API_TOKEN: "a".repeat(40), DOCUMENT_LINK_SECRET: "d".repeat(32) });
    expect(config.WAZZUP_WEBHOOK_TOKEN).toHaveLength(MIN_TOKEN_LENGTH);
    expect(getConfig({}).ADMIN_API_TOKEN).toBeUndefined();
  });

  it("names every short token at once", () => {
    expect(() => getConfig({ WAZZUP_WEBHOOK_TOKEN: "short", ADMIN_API_TOKEN: "admin" })).toThrow(/WAZZUP_WEBHOOK_TOKEN: is too short.*ADMIN_API_TOKEN: is too short/);
  });
});
