import type { StaffResult } from "../api";
import { formatMs } from "../ui";

export type Turn = StaffResult<"listTurns">["turns"][number];

/** What the bot did for one reply: model or offline mode, tools, products, cost, latency, fallback. */
export function TurnTrace({ turn }: { turn: Turn }) {
  return (
    <details className="trace">
      <summary>
        Trace: {turn.mode === "llm" ? (turn.model ?? "LLM") : "offline salesperson"} · {formatMs(turn.totalMs)} · ${turn.costUsd.toFixed(4)}
        {turn.fallbackReason ? <span className="badge badge-warn">fallback</span> : null}
      </summary>
      <dl>
        <dt>Model</dt>
        <dd>{turn.model ?? "none (offline)"}</dd>
        <dt>Tools</dt>
        <dd>
          {turn.toolCalls.length === 0
            ? "none"
            : turn.toolCalls.map((call, i) => (
                <div key={i}>
                  <code>{call.name}</code> {call.ok === false ? "failed" : "ok"}
                  {call.ms !== undefined ? ` in ${formatMs(call.ms)}` : ""}
                  {call.prefetched ? " (searched before the model)" : ""}
                  {call.args ? <code className="args"> {JSON.stringify(call.args)}</code> : null}
                </div>
              ))}
        </dd>
        <dt>Products</dt>
        <dd>{turn.productsShown.length ? turn.productsShown.join(", ") : "none"}</dd>
        <dt>Tokens</dt>
        <dd>
          {turn.promptTokens} in ({turn.cachedTokens} cached), {turn.completionTokens} out
        </dd>
        <dt>Cost</dt>
        <dd>${turn.costUsd.toFixed(5)}</dd>
        <dt>Model calls</dt>
        <dd>
          {turn.modelCalls.length === 0
            ? "not recorded"
            : turn.modelCalls.map((call, i) => (
                <div key={i}>
                  {i + 1}. {call.promptTokens} in ({call.cachedTokens} cached), {call.completionTokens} out, ${call.costUsd.toFixed(5)}, {formatMs(call.ms)}
                </div>
              ))}
        </dd>
        <dt>Latency</dt>
        <dd>
          {formatMs(turn.totalMs)} total, {formatMs(turn.llmMs)} in the model
        </dd>
        <dt>Fallback</dt>
        <dd>{turn.fallbackReason ?? "no"}</dd>
      </dl>
    </details>
  );
}
