import { describe, expect, it } from "vitest";
import { analyticsRunStalled, nightlyRunDue, watermark } from "../../src/core/analytics/schedule";

describe("when analytics runs", () => {
  const at = (iso: string) => new Date(iso);
  it("nightly: only in the 22:00 UTC hour, and not twice in one night", () => {
    expect(nightlyRunDue(null, at("2026-12-07T22:05:00Z"))).toBe(true);
    expect(nightlyRunDue(null, at("2026-12-07T21:59:00Z"))).toBe(false);
    expect(nightlyRunDue(at("2026-12-07T22:00:00Z"), at("2026-12-07T22:30:00Z"))).toBe(false);
    expect(nightlyRunDue(at("2026-12-06T22:00:00Z"), at("2026-12-07T22:00:00Z"))).toBe(true);
    expect(nightlyRunDue(at("2026-12-07T03:00:00Z"), at("2026-12-07T22:10:00Z"))).toBe(false);
  });
  it("an open run is stalled when interrupted, its lease ran out, or it waited queued over two minutes", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    const requestedAt = new Date(now - 60_000);
    expect(analyticsRunStalled({ status: "interrupted", leaseUntil: null, requestedAt }, now)).toBe(true);
    expect(analyticsRunStalled({ status: "running", leaseUntil: new Date(now - 1), requestedAt }, now)).toBe(true);
    expect(analyticsRunStalled({ status: "running", leaseUntil: new Date(now + 60_000), requestedAt }, now)).toBe(false);
    expect(analyticsRunStalled({ status: "queued", leaseUntil: null, requestedAt }, now)).toBe(false);
    expect(analyticsRunStalled({ status: "queued", leaseUntil: null, requestedAt: new Date(now - 121_000) }, now)).toBe(true);
  });
  it("incremental from the last success's start less ten minutes; full without one", () => {
    expect(watermark(null)).toBeNull();
    expect(watermark(at("2026-12-07T10:00:00Z"))!.toISOString()).toBe("2026-12-07T09:50:00.000Z");
  });
});
