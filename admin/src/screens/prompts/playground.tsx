import { useState } from "react";
import { useStaffMutation, type StaffResult } from "../../api";
import { Badge, Button, Card, ErrorNotice, formatMoney, formatMs, SelectField, Table, TextField } from "../../ui";

type Result = StaffResult<"tryPrompt">;

/**
 * The playground: the draft in the editor answers one test message with the live catalog and
 * knowledge tools. Nothing reaches a customer; quotation tools say quotations are unavailable.
 */
export function Playground({ draft }: { draft: string }) {
  const [message, setMessage] = useState("");
  const [language, setLanguage] = useState("");
  const run = useStaffMutation("tryPrompt");
  return (
    <Card title="Playground">
      <p className="muted">Runs the draft above once on a test message with the live catalog. Nothing is sent to any customer and no conversation is stored.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run.mutate({ body: { prompt: draft, message, ...(language ? { language: language as "en" | "ar" } : {}) } });
        }}
      >
        <div className="filters">
          <TextField label="Test message" dir="auto" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="e.g. need 12 ergonomic chairs, budget 800 AED each" />
          <SelectField label="Language" value={language} onChange={(e) => setLanguage(e.target.value)} options={[["", "Detect"], ["en", "English"], ["ar", "Arabic"]]} />
          <div className="field">
            <Button type="submit" variant="primary" busy={run.isPending} disabled={!message.trim()}>
              Run draft
            </Button>
          </div>
        </div>
      </form>
      <ErrorNotice error={run.error} title="The test did not run" />
      {run.data ? <PlaygroundResult result={run.data} /> : null}
    </Card>
  );
}

function PlaygroundResult({ result }: { result: Result }) {
  return (
    <section aria-label="Playground reply">
      <h3>Reply</h3>
      <div className="reply" dir="auto" data-testid="playground-reply">
        {result.reply}
      </div>
      <dl className="facts" style={{ marginTop: ".8rem" }}>
        <dt>Answered by</dt>
        <dd>
          {result.mode === "llm" ? <Badge tone="good">model</Badge> : <Badge tone="warn">offline salesperson</Badge>} {result.model ?? ""}
        </dd>
        <dt>Fallback</dt>
        <dd>{result.fallbackReason ?? "none"}</dd>
        <dt>Latency</dt>
        <dd>
          {formatMs(result.latencyMs)} (model {formatMs(result.llmMs)})
        </dd>
        <dt>Tokens</dt>
        <dd>
          {result.promptTokens} in, {result.completionTokens} out
        </dd>
        <dt>Cost</dt>
        <dd>{result.costUsd.toFixed(5)} USD</dd>
        <dt>Handoff</dt>
        <dd>{result.handoff ? `${result.handoff.reason}: ${result.handoff.summary}` : "none"}</dd>
        <dt>Products named</dt>
        <dd>{result.products.length ? result.products.map((p) => `${p.sku} ${p.name} (${formatMoney(p.priceAed)})`).join("; ") : "none"}</dd>
      </dl>
      <h3>Tools</h3>
      <Table
        label="Tool calls"
        rows={result.toolCalls.map((call, index) => ({ ...call, index }))}
        rowKey={(call) => String(call.index)}
        empty="The reply used no tools."
        columns={[
          { header: "Tool", cell: (call) => call.name },
          { header: "OK", cell: (call) => (call.ok ? <Badge tone="good">ok</Badge> : <Badge tone="bad">failed</Badge>) },
          { header: "Time", cell: (call) => formatMs(call.ms), wide: true },
          { header: "Arguments", cell: (call) => <span className="trace-args">{call.args ? JSON.stringify(call.args) : "—"}</span> },
          { header: "Result", cell: (call) => <span className="trace-args" dir="auto">{call.result ?? "—"}</span>, wide: true },
        ]}
      />
    </section>
  );
}
