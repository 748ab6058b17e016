import { useEffect, useRef } from "react";
import type { StaffResult } from "../api";
import { formatDateTime } from "../ui";
import { TurnTrace, type Turn } from "./turn-trace";

type Message = StaffResult<"listMessages">["messages"][number];

const AUTHOR: Record<Message["author"], string> = { customer: "Customer", agent: "Bot", manager: "Manager", system: "System" };

/** The turn that produced a bot message, matched on the id the outbox gave the reply. */
export function turnFor(message: Pick<Message, "id" | "clientMessageId" | "providerMessageId">, turns: readonly Turn[]): Turn | undefined {
  return turns.find((turn) => turn.replyMessageId === message.clientMessageId || turn.replyMessageId === message.id || turn.replyMessageId === message.providerMessageId);
}

/**
 * Messages oldest first, opened at the newest (scrolled into view when the list first shows,
 * when a newer message arrives and when the traces load); text in `dir="auto"`, so an Arabic message reads right to left.
 */
export function MessageList({ messages, turns }: { messages: Message[]; turns: Turn[] }) {
  const newest = useRef<HTMLLIElement>(null);
  const newestId = messages[messages.length - 1]?.id;
  // Again when the turn traces arrive: they grow the messages above the newest one.
  useEffect(() => {
    newest.current?.scrollIntoView({ block: "end" });
  }, [newestId, turns.length]);
  if (messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((message) => {
        const turn = message.author === "agent" ? turnFor(message, turns) : undefined;
        return (
          <li key={message.id} ref={message.id === newestId ? newest : undefined} className={`message message-${message.direction} author-${message.author}`}>
            <div className="message-meta muted">
              {AUTHOR[message.author]} · {formatDateTime(message.sentAt)}
              {message.deliveryStatus ? ` · ${message.deliveryStatus}` : ""}
              {message.proactive ? (
                <span className="badge badge-warn" data-proactive={message.proactive}>
                  {" "}proactive: {message.proactive.replace(/_/g, " ")}
                </span>
              ) : null}
            </div>
            <p className="message-text" dir="auto">
              {message.documentPath ? (
                <a href={message.documentPath} target="_blank" rel="noreferrer">
                  📄 {message.text ?? "Document"}
                </a>
              ) : (
                (message.text ?? `[${message.type}]`)
              )}
            </p>
            {turn ? <TurnTrace turn={turn} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
