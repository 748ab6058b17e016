import { withDatabase } from "../../../adapters/db/client";
import { lastRun } from "../../../adapters/db/quality-findings-repo";
import { loadAgentSettingOverrides } from "../../../adapters/db/settings-repo";
import type { ChatModel } from "../../../core/agent/model";
import type { Config } from "../../../core/config";
import { defaultSettings, effectiveSettings } from "../../../core/domain/settings";
import { describeError, log } from "../../../lib/log";
import { DEFAULT_WINDOW_MS, runFindings } from "./job";

/**
 * The cron's weekly findings run: a tick does nothing while the last weekly run is less than a
 * week old, so the every-few-minutes cron starts one run a week. Never throws (the tick's other
 * work goes on); a failure is logged and the next tick tries again.
 */
export async function weeklyFindingsTick(config: Config, model: ChatModel | null, now = new Date()): Promise<void> {
  if (!config.DATABASE_URL) return;
  try {
    await withDatabase(config, async (db) => {
      const last = await lastRun(db, "weekly");
      if (last && now.getTime() - last.createdAt.getTime() < DEFAULT_WINDOW_MS) return;
      const settings = effectiveSettings(defaultSettings(config), await loadAgentSettingOverrides(db));
      const run = await runFindings({ db, model, budgetUsd: settings.qualityLoopBudgetUsd }, { from: new Date(now.getTime() - DEFAULT_WINDOW_MS), to: now, trigger: "weekly", createdBy: "cron" });
      log("info", "quality.findings_weekly", { runId: run.id, status: run.status, findings: run.findings, proposals: run.proposals });
    });
  } catch (error) {
    log("error", "quality.findings_weekly_failed", describeError(error));
  }
}
