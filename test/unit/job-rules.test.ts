import { describe, expect, it } from "vitest";
import { ZohoError, type ZohoErrorKind } from "../../src/adapters/zoho/errors";
import { catalogRetryDelaySeconds, isCrmJob, isRetryable, isRetryableDelivery, PermanentJobError, retryDelaySeconds, unclaimedOutcome } from "../../src/app/jobs/job-rules";

const zoho = (kind: ZohoErrorKind, retryAfterMs?: number) => new ZohoError(kind, `zoho ${kind}`, retryAfterMs === undefined ? {} : { retryAfterMs });
const RETRYABLE: ZohoErrorKind[] = ["token_throttled", "rate_limited", "unavailable", "malformed"];
const PERMANENT: ZohoErrorKind[] = ["not_configured", "auth", "not_found", "api"];

describe("which failed Zoho job attempts are retried", () => {
  it("retries what Zoho says may pass (429, 5xx, throttling, a garbled answer) and our own hiccups", () => {
    for (const kind of RETRYABLE) expect(isRetryable(zoho(kind)), kind).toBe(true);
    expect(isRetryable(new Error("connection reset"))).toBe(true);
    expect(isRetryable("a thrown string")).toBe(true);
  });

  it("sends a refused record or bad credentials straight to the dead-letter state", () => {
    for (const kind of PERMANENT) expect(isRetryable(zoho(kind)), kind).toBe(false);
    const refused = new PermanentJobError("the customer has no phone");
    expect(isRetryable(refused)).toBe(false);
    expect(refused).toMatchObject({ name: "PermanentJobError", message: "the customer has no phone" });
  });

  it("lets the queue retry everything but Zoho saying no for good", () => {
    for (const kind of RETRYABLE) expect(isRetryableDelivery(zoho(kind)), kind).toBe(true);
    for (const kind of PERMANENT) expect(isRetryableDelivery(zoho(kind)), kind).toBe(false);
    expect(isRetryableDelivery(new Error("database blip"))).toBe(true);
  });
});

describe("a delivery that could not claim its job", () => {
  it("answers unknown for a job the ledger never recorded", () => {
    expect(unclaimedOutcome(null)).toBe("unknown");
  });

  it("is busy while another delivery runs the job, so the message comes back later", () => {
    expect(unclaimedOutcome({ status: "running" })).toBe("busy");
  });

  it("acks a succeeded job as already done and a dead one as dead, never running either again", () => {
    expect(unclaimedOutcome({ status: "succeeded" })).toBe("already-done");
    expect(unclaimedOutcome({ status: "dead" })).toBe("dead");
  });
});

describe("which queue a job goes to", () => {
  it("puts CRM jobs on their own queue and sale orders on the sync queue", () => {
    expect(isCrmJob("crm-contact:42")).toBe(true);
    expect(isCrmJob("sale-order:Q-1")).toBe(false);
    expect(isCrmJob("order-crm-1")).toBe(false);
  });
});

describe("how long a Zoho write waits before its next attempt", () => {
  const config = { ZOHO_JOB_RETRY_MIN_S: 30 };

  it("doubles from the minimum and stops at 15 minutes", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelaySeconds(config, attempt, new Error("503")));
    expect(delays).toEqual([30, 60, 120, 240, 480, 900]);
    expect(retryDelaySeconds({ ZOHO_JOB_RETRY_MIN_S: 1 }, 11, new Error("503"))).toBe(900);
    expect(retryDelaySeconds({ ZOHO_JOB_RETRY_MIN_S: 0.5 }, 11, new Error("503"))).toBe(512);
    expect(retryDelaySeconds({ ZOHO_JOB_RETRY_MIN_S: 0.5 }, 40, new Error("503"))).toBe(512);
  });

  it("follows Zoho's Retry-After, rounded up to a second, never below the minimum nor above the cap", () => {
    expect(retryDelaySeconds(config, 1, zoho("rate_limited", 120_000))).toBe(120);
    expect(retryDelaySeconds(config, 1, zoho("rate_limited", 45_001))).toBe(46);
    expect(retryDelaySeconds(config, 9, zoho("rate_limited", 5_000))).toBe(30);
    expect(retryDelaySeconds(config, 1, zoho("rate_limited", 3_600_000))).toBe(900);
  });

  it("ignores a Retry-After that is absent or zero, and one on an error that is not Zoho's", () => {
    expect(retryDelaySeconds(config, 2, zoho("unavailable"))).toBe(60);
    expect(retryDelaySeconds(config, 2, zoho("unavailable", 0))).toBe(60);
    const foreign = Object.assign(new Error("not zoho"), { details: { retryAfterMs: 600_000 } });
    expect(retryDelaySeconds(config, 2, foreign)).toBe(60);
  });
});

describe("how long a catalog run waits before it resumes", () => {
  it("starts at 30 s and doubles to 8 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((attempt) => catalogRetryDelaySeconds(attempt, new Error("503")))).toEqual([30, 60, 120, 240, 480, 480, 480]);
  });

  it("follows Zoho's Retry-After, at least 5 s and at most 15 minutes", () => {
    expect(catalogRetryDelaySeconds(3, zoho("rate_limited", 10_500))).toBe(11);
    expect(catalogRetryDelaySeconds(3, zoho("rate_limited", 1_000))).toBe(5);
    expect(catalogRetryDelaySeconds(1, zoho("rate_limited", 7_200_000))).toBe(900);
    const foreign = Object.assign(new Error("not zoho"), { details: { retryAfterMs: 10_000 } });
    expect(catalogRetryDelaySeconds(1, foreign)).toBe(30);
  });
});
