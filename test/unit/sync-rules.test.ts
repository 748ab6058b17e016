import { describe, expect, it } from "vitest";
import type { SyncedProduct } from "../../src/adapters/db/catalog-repo";
import { ZohoError } from "../../src/adapters/zoho/errors";
import {
  catalogSyncDueAt,
  deletionBatch,
  invocationFailure,
  MAX_DELETIONS_CONFIRMED,
  MAX_RUN_ATTEMPTS,
  modeByAge,
  plannedRun,
  runGivenUp,
  runStalled,
  shouldHandOn,
  vectorWork,
  vocabularyStale,
  WATERMARK_OVERLAP_MS,
} from "../../src/app/catalog/sync-rules";

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (msAgo: number) => new Date(NOW - msAgo);

describe("when an open sync run has stalled and is sent on again", () => {
  const open = { leaseUntil: null, releasedAt: null, requestedAt: at(0) };

  it("resumes an interrupted run at once", () => {
    expect(runStalled({ ...open, status: "interrupted" }, NOW)).toBe(true);
  });

  it("resumes a running run only once its worker's lease ran out", () => {
    expect(runStalled({ ...open, status: "running", leaseUntil: at(1) }, NOW)).toBe(true);
    expect(runStalled({ ...open, status: "running", leaseUntil: at(0) }, NOW)).toBe(false);
    expect(runStalled({ ...open, status: "running", leaseUntil: at(-MINUTE) }, NOW)).toBe(false);
    expect(runStalled({ ...open, status: "running", leaseUntil: null, requestedAt: at(HOUR) }, NOW)).toBe(false);
  });

  it("re-enqueues a queued run nobody picked up for two minutes since it was released or requested", () => {
    expect(runStalled({ ...open, status: "queued", requestedAt: at(2 * MINUTE + 1) }, NOW)).toBe(true);
    expect(runStalled({ ...open, status: "queued", requestedAt: at(2 * MINUTE) }, NOW)).toBe(false);
    expect(runStalled({ ...open, status: "queued", requestedAt: at(HOUR), releasedAt: at(MINUTE) }, NOW)).toBe(false);
    expect(runStalled({ ...open, status: "queued", requestedAt: at(0), releasedAt: at(3 * MINUTE) }, NOW)).toBe(true);
  });

  it("leaves finished runs alone", () => {
    expect(runStalled({ ...open, status: "succeeded", leaseUntil: at(HOUR), requestedAt: at(HOUR) }, NOW)).toBe(false);
    expect(runStalled({ ...open, status: "failed", leaseUntil: at(HOUR), requestedAt: at(HOUR) }, NOW)).toBe(false);
  });
});

describe("the mode of a new sync", () => {
  it("is full when no full sync ever succeeded, or the last is older than the setting", () => {
    expect(modeByAge(null, 24, NOW)).toBe("full");
    expect(modeByAge(undefined, 24, NOW)).toBe("full");
    expect(modeByAge(at(24 * HOUR + 1), 24, NOW)).toBe("full");
  });

  it("is incremental while the last full sync is recent enough", () => {
    expect(modeByAge(at(24 * HOUR), 24, NOW)).toBe("incremental");
    expect(modeByAge(at(HOUR), 24, NOW)).toBe("incremental");
    expect(modeByAge(at(3 * HOUR), 2, NOW)).toBe("full");
  });

  it("reads changes from ten minutes before the previous run started", () => {
    expect(WATERMARK_OVERLAP_MS).toBe(10 * MINUTE);
    expect(plannedRun("incremental", at(HOUR))).toEqual({ mode: "incremental", modifiedSince: at(HOUR + 10 * MINUTE) });
  });

  it("falls back to a full run when there is no previous run to start from", () => {
    expect(plannedRun("incremental", null)).toEqual({ mode: "full", modifiedSince: null });
    expect(plannedRun("full", null)).toEqual({ mode: "full", modifiedSince: null });
  });
});

describe("whether the cron starts a sync", () => {
  it("starts the very first one", () => {
    expect(catalogSyncDueAt(null, 60, NOW)).toBe(true);
  });

  it("lets an open run resume whatever its age", () => {
    for (const status of ["queued", "running", "interrupted"] as const) expect(catalogSyncDueAt({ status, requestedAt: at(0) }, 60, NOW), status).toBe(true);
  });

  it("waits the interval after a finished run, 30 s of slack for the cron's own timing", () => {
    expect(catalogSyncDueAt({ status: "succeeded", requestedAt: at(59 * MINUTE + 30_000) }, 60, NOW)).toBe(true);
    expect(catalogSyncDueAt({ status: "succeeded", requestedAt: at(59 * MINUTE + 29_999) }, 60, NOW)).toBe(false);
    expect(catalogSyncDueAt({ status: "failed", requestedAt: at(10 * MINUTE) }, 60, NOW)).toBe(false);
    expect(catalogSyncDueAt({ status: "failed", requestedAt: at(2 * HOUR) }, 60, NOW)).toBe(true);
  });
});

describe("one invocation of a run", () => {
  it("gives the run up after twelve invocations", () => {
    expect(MAX_RUN_ATTEMPTS).toBe(12);
    expect(runGivenUp(12)).toBe(false);
    expect(runGivenUp(13)).toBe(true);
  });

  it("hands on after its page allowance or its time budget, whichever comes first", () => {
    expect(shouldHandOn(3, 3, 0, 1000)).toBe(true);
    expect(shouldHandOn(4, 3, 0, 1000)).toBe(true);
    expect(shouldHandOn(2, 3, 1000, 1000)).toBe(false);
    expect(shouldHandOn(2, 3, 1001, 1000)).toBe(true);
  });

  it("fails the run only when Zoho refuses for good, and says whose failure it was", () => {
    expect(invocationFailure(new ZohoError("auth", "invalid token"))).toEqual({ permanent: true, kind: "zoho" });
    expect(invocationFailure(new ZohoError("unavailable", "503"))).toEqual({ permanent: false, kind: "zoho" });
    expect(invocationFailure(new Error("connection reset"))).toEqual({ permanent: false, kind: "internal" });
  });

  it("rebuilds search's vocabulary only when products changed or went", () => {
    expect(vocabularyStale({ itemsChanged: 0, itemsRemoved: 0 })).toBe(false);
    expect(vocabularyStale({ itemsChanged: 1, itemsRemoved: 0 })).toBe(true);
    expect(vocabularyStale({ itemsChanged: 0, itemsRemoved: 1 })).toBe(true);
  });
});

describe("which products need their vector made or removed", () => {
  const SPACE = "jina-v3|1024|qdrant";
  const product = (id: string, fields: Partial<SyncedProduct>): SyncedProduct => ({
    id,
    sku: id.toUpperCase(),
    zohoItemId: `z-${id}`,
    status: "active",
    contentHash: `hash-${id}`,
    embeddedHash: null,
    nameEn: id,
    nameAr: null,
    descriptionEn: null,
    descriptionAr: null,
    category: "tools",
    attributes: {},
    ...fields,
  });

  it("embeds active products never embedded, changed since, or embedded in another space", () => {
    const written = [
      product("new", {}),
      product("current", { embeddedHash: `hash-current|${SPACE}` }),
      product("changed", { embeddedHash: `old-hash|${SPACE}` }),
      product("other-space", { embeddedHash: "hash-other-space|openai|1536|pgvector" }),
      product("unhashed", { contentHash: null, embeddedHash: `|${SPACE}` }),
    ];
    expect(vectorWork(written, SPACE).toEmbed.map((p) => p.id)).toEqual(["new", "changed", "other-space"]);
  });

  it("removes the vectors of products out of service, and only of those that have one", () => {
    const written = [
      product("inactive", { status: "inactive", embeddedHash: `hash-inactive|${SPACE}` }),
      product("deleted", { status: "deleted", embeddedHash: "stale" }),
      product("never", { status: "inactive", embeddedHash: null }),
      product("active", { embeddedHash: `hash-active|${SPACE}` }),
    ];
    const work = vectorWork(written, SPACE);
    expect(work.outOfService.map((p) => p.id)).toEqual(["inactive", "deleted"]);
    expect(work.toEmbed).toEqual([]);
  });
});

describe("deletions a full run confirms", () => {
  it("confirms all of a short list", () => {
    expect(deletionBatch(["a", "b"])).toEqual({ confirm: ["a", "b"], overflow: false });
  });

  it("confirms fifty and leaves the rest for the next full run, saying so", () => {
    const ids = Array.from({ length: MAX_DELETIONS_CONFIRMED + 1 }, (_, i) => i);
    expect(MAX_DELETIONS_CONFIRMED).toBe(50);
    const batch = deletionBatch(ids);
    expect(batch.confirm).toEqual(ids.slice(0, 50));
    expect(batch.overflow).toBe(true);
    expect(deletionBatch(ids.slice(0, 50))).toEqual({ confirm: ids.slice(0, 50), overflow: false });
  });
});
