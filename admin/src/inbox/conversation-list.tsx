import { Link } from "react-router";
import type { StaffResult } from "../api";
import type { ArrivingChat } from "./live-merge";
import { Badge, channelLabel, formatDateTime } from "../ui";
import { messagePreview } from "./preview";

export type Conversation = StaffResult<"listConversations">["conversations"][number];

export const STATUS_LABEL: Record<Conversation["status"], string> = {
  active: "Bot active",
  waiting_for_human: "Needs a human",
  handed_off: "Handed off",
  closed: "Closed",
};
const STATUS_TONE: Record<Conversation["status"], "good" | "warn" | "bad" | "neutral"> = { active: "good", waiting_for_human: "bad", handed_off: "warn", closed: "neutral" };

export function StatusBadge({ status }: { status: Conversation["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>;
}

/** Who the customer is, for a list row: the name they gave, else their chat id (a phone number). */
export function customerLabel(conversation: Pick<Conversation, "customerName" | "chatId">): string {
  return conversation.customerName?.trim() || conversation.chatId;
}

/** The conversation list; each row links to the conversation, keeping the filters in the address. */
export function ConversationList({ conversations, arriving = [], openId, news, search }: { conversations: Conversation[]; arriving?: readonly ArrivingChat[]; openId?: string | undefined; news: ReadonlySet<string>; search: string }) {
  if (conversations.length === 0 && arriving.length === 0) return <p className="muted empty">No conversations match these filters.</p>;
  return (
    <ul className="conversation-list" aria-label="Conversations">
      {arriving.map((chat) => (
        <li key={chat.key} className="arriving" aria-label={`New chat ${chat.chatId}`}>
          <span className="who">
            {chat.chatId} <span className="news-dot" aria-label="new activity" />
          </span>
          <span className="meta">
            <span className="badge badge-warn">New chat, arriving</span> <span className="muted">{channelLabel(chat.channel)}</span>
          </span>
        </li>
      ))}
      {conversations.map((conversation) => (
        <li key={conversation.id} className={conversation.id === openId ? "open" : undefined}>
          <Link to={`/inbox/${conversation.id}${search ? `?${search}` : ""}`} aria-current={conversation.id === openId ? "page" : undefined}>
            <span className="who" dir="auto">
              {customerLabel(conversation)}
              {news.has(conversation.id) ? <span className="news-dot" aria-label="new activity" /> : null}
            </span>
            <span className="meta">
              <StatusBadge status={conversation.status} /> <span className="muted">{channelLabel(conversation.channel)}</span>
              {conversation.language ? <span className="muted"> · {conversation.language.toUpperCase()}</span> : null}
              <span className="muted" aria-label={`Lead score ${conversation.leadScore}`}> · Lead {conversation.leadScore}</span>
            </span>
            <span className="preview" dir="auto">
              {messagePreview(conversation.lastMessage)}
            </span>
            <span className="muted when">{formatDateTime(conversation.lastMessageAt)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
