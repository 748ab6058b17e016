import { lastRun } from "../../adapters/db/quality-findings-repo";
import type { App } from "../http-types";
import { findingsContract } from "../../core/staff/contract/findings";
import { staffRoute } from "../staff-route";
import { activateProposal, dismissProposal, findingsView, proposalView, proposalWithFinding, requestFindingsRun, runView, simulateProposal } from "../../app/staff/services/findings";
import { servicesFor } from "../composition";

/**
 * The quality loop: `/api/v1/quality/findings` (run on demand, list) and
 * `/api/v1/quality/proposals/:id` (read, simulate, activate, dismiss). The run and the
 * simulation finish within the request (bounded by the run budget and the persona suite) and
 * answer 202 with what they recorded.
 */
export function registerQualityFindings(app: App): void {
  staffRoute(app, findingsContract.runQualityFindings, async ({ c, ctx, body }) => ({ run: runView(await requestFindingsRun(ctx, servicesFor(c.env), body)) }));

  staffRoute(app, findingsContract.listQualityFindings, async ({ ctx }) => {
    const run = await lastRun(ctx.db);
    return { findings: await findingsView(ctx), lastRun: run ? runView(run) : null };
  });

  staffRoute(app, findingsContract.getQualityProposal, async ({ ctx, params }) => proposalWithFinding(ctx, params.id));

  staffRoute(app, findingsContract.simulateQualityProposal, async ({ c, ctx, params }) => ({ proposal: await proposalView(ctx, await simulateProposal(ctx, servicesFor(c.env), params.id)) }));

  staffRoute(app, findingsContract.activateQualityProposal, async ({ c, ctx, params }) => {
    const { proposal, activeVersion } = await activateProposal(ctx, servicesFor(c.env), params.id);
    return { proposal: await proposalView(ctx, proposal), activeVersion };
  });

  staffRoute(app, findingsContract.dismissQualityProposal, async ({ ctx, params, body }) => ({ proposal: await proposalView(ctx, await dismissProposal(ctx, params.id, body.reason)) }));
}
