import { z } from "zod";
import { CRITERIA } from "../../quality/rubric";
import { CODE_CRITERIA } from "../../quality/findings/comparison";
import { FINDING_CAUSES } from "../../quality/findings/grouping";
import { KNOWLEDGE_TOPICS } from "../../domain/knowledge";
import { contracts, idParams, timestamp, visibleText } from "./types";

const run = z.object({
  id: z.uuid(),
  from: timestamp,
  to: timestamp,
  trigger: z.enum(["manual", "weekly"]),
  status: z.enum(["running", "done", "budget_spent", "failed"]).describe("budget_spent: the run stopped drafting when its budget (qualityLoopBudgetUsd) was spent"),
  reviews: z.number().int(),
  findings: z.number().int(),
  proposals: z.number().int().describe("proposals drafted by this run"),
  budgetUsd: z.number(),
  costUsd: z.number(),
  note: z.string().nullable().describe("what the run wants people to know: budget spent, scripted proposals, drafts that failed"),
  createdAt: timestamp,
  completedAt: timestamp.nullable(),
});

const finding = z.object({
  id: z.uuid(),
  key: z.string().describe("the pattern's stable key (flag:<name>, criterion:<name>, disagreement)"),
  pattern: z.string(),
  cause: z.enum(FINDING_CAUSES),
  conversations: z.number().int().describe("how many conversations show it"),
  conversationIds: z.array(z.uuid()),
  exampleMessageIds: z.array(z.uuid()),
  proposalIds: z.array(z.uuid()).describe("newest first"),
  updatedAt: timestamp,
});

const side = z.object({
  promptVersion: z.number().int().nullable(),
  averageScore: z.number().nullable(),
  codeFailures: z.number().int(),
  runs: z.array(
    z.object({
      persona: z.string(),
      scores: z.array(z.object({ criterion: z.enum(CRITERIA), score: z.number() })),
      overall: z.number().nullable(),
      flags: z.array(z.string()),
      codeCriteria: z.array(z.object({ criterion: z.enum(CODE_CRITERIA), passed: z.boolean(), detail: z.string() })),
    }),
  ),
});

export const comparisonView = z.object({ ranAt: timestamp, draft: side, active: side, status: z.enum(["passing", "failing"]), reasons: z.array(z.string()), scripted: z.boolean() });

const proposal = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  kind: z.enum(["prompt", "knowledge"]),
  status: z.enum(["draft", "dismissed", "activated"]),
  basePromptVersion: z.number().int().nullable().describe("the prompt version the draft was written against (0: the built-in default)"),
  content: z.string().describe("the whole proposed prompt, or the knowledge document's body"),
  diff: z.array(z.object({ op: z.enum(["same", "add", "remove"]), text: z.string() })).nullable().describe("a prompt proposal against the prompt active now"),
  knowledge: z.object({ slug: z.string(), topic: z.enum(KNOWLEDGE_TOPICS), language: z.enum(["en", "ar"]), title: z.string(), body: z.string() }).nullable(),
  reasoning: z.string(),
  scripted: z.boolean().describe("true when no model key was set and the draft came from a script"),
  model: z.string().nullable(),
  costUsd: z.number(),
  comparisonStatus: z.enum(["missing", "passing", "failing"]),
  comparison: comparisonView.nullable(),
  dismissReason: z.string().nullable(),
  activatedVersion: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
});

const iso = z.iso.datetime({ offset: true });

export const findingsContract = contracts({
  runQualityFindings: {
    method: "post", path: "/api/v1/quality/findings/run", tag: "quality", permission: "quality.review", status: 202,
    summary: "Group recent reviews, flags and disagreements into findings and draft proposals (within the run budget; nothing is activated)",
    body: z
      .object({ from: iso.optional(), to: iso.optional() })
      .strict()
      .refine((b) => !b.from || !b.to || Date.parse(b.from) < Date.parse(b.to), { message: "from must be before to", path: ["from"] })
      .refine((b) => !b.from || Date.parse(b.to ?? new Date().toISOString()) - Date.parse(b.from) <= 92 * 86_400_000, { message: "at most 92 days", path: ["from"] }),
    response: z.object({ run }),
  },
  listQualityFindings: {
    method: "get", path: "/api/v1/quality/findings", tag: "quality", permission: "staff.read", summary: "Findings, most recently seen first, with their proposals' ids and the last run",
    response: z.object({ findings: z.array(finding), lastRun: run.nullable() }),
  },
  getQualityProposal: {
    method: "get", path: "/api/v1/quality/proposals/:id", tag: "quality", permission: "staff.read", summary: "A proposal: its diff or document edit, its reasoning, and the comparison once run",
    params: idParams, response: z.object({ proposal, finding }),
  },
  simulateQualityProposal: {
    method: "post", path: "/api/v1/quality/proposals/:id/simulate", tag: "quality", permission: "quality.review", status: 202,
    summary: "Run the simulated customers on the draft and on the active version side by side; a failing code-checked criterion fails the draft",
    params: idParams, response: z.object({ proposal }),
  },
  activateQualityProposal: {
    method: "post", path: "/api/v1/quality/proposals/:id/activate", tag: "quality", permission: "prompts.write",
    summary: "Apply a draft whose comparison passed (a new active prompt version, or the knowledge document); refused while the comparison is missing or failing",
    params: idParams, response: z.object({ proposal, activeVersion: z.number().int().nullable() }),
  },
  dismissQualityProposal: {
    method: "post", path: "/api/v1/quality/proposals/:id/dismiss", tag: "quality", permission: "quality.review", summary: "Dismiss a draft with a reason",
    params: idParams, body: z.object({ reason: visibleText(3, 2000) }).strict(), response: z.object({ proposal }),
  },
});
