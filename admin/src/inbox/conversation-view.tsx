import { useState, type FormEvent } from "react";
import { useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Button, Card, channelLabel, ErrorNotice, languageLabel, Loading, roleLabel, TextAreaField, formatDateTime } from "../ui";
import { customerLabel, StatusBadge, type Conversation } from "./conversation-list";
import { DealsCard } from "./deals-card";
import { ReviewsCard } from "./reviews-card";
import { MessageList } from "./message-list";

const REFRESH = ["listConversations", "listMessages"] as const;

/** One conversation: the customer, the messages with each bot reply's trace, the deals, and the controls. */
export function ConversationView({ conversation }: { conversation: Conversation }) {
  const params = { params: { id: conversation.id } };
  // The newest 200: a long conversation opens at its end.
  const messages = useStaffQuery("listMessages", { ...params, query: { limit: 200, latest: "true" } });
  const turns = useStaffQuery("listTurns", { ...params, query: { limit: 200 } });
  return (
    <div className="conversation">
      <Card title={customerLabel(conversation)} actions={<StatusBadge status={conversation.status} />}>
        <CustomerProfile conversation={conversation} />
        <Controls conversation={conversation} />
      </Card>
      <Card title="Messages">
        <ErrorNotice error={messages.error ?? turns.error} />
        {messages.isPending ? <Loading what="Loading messages" /> : <MessageList messages={messages.data?.messages ?? []} turns={turns.data?.turns ?? []} />}
      </Card>
      <ReplyBox conversation={conversation} />
      <DealsCard conversationId={conversation.id} />
      <ReviewsCard conversationId={conversation.id} />
    </div>
  );
}

function CustomerProfile({ conversation }: { conversation: Conversation }) {
  return (
    <dl className="profile">
      <dt>Name</dt>
      <dd dir="auto">{conversation.customerName ?? "not given"}</dd>
      <dt>{channelLabel(conversation.channel)}</dt>
      <dd>{conversation.chatId}</dd>
      <dt>Language</dt>
      <dd>{languageLabel(conversation.language)}</dd>
      <dt>Last message</dt>
      <dd>{formatDateTime(conversation.lastMessageAt)}</dd>
    </dl>
  );
}

/** Take over / Hand back / Close, offered by status and only to a role that may change conversations. */
function Controls({ conversation }: { conversation: Conversation }) {
  const session = useSession();
  const params = { params: { id: conversation.id } };
  const takeOver = useStaffMutation("takeOver", { invalidates: [...REFRESH] });
  const resume = useStaffMutation("resume", { invalidates: [...REFRESH] });
  const close = useStaffMutation("close", { invalidates: [...REFRESH] });
  if (!session.can("conversations.write")) return <p className="muted">Your role ({roleLabel(session.user.role)}) can read conversations but not take them over or reply.</p>;
  const botHasIt = conversation.status === "active";
  return (
    <div className="controls">
      {botHasIt ? (
        <Button variant="primary" busy={takeOver.isPending} onClick={() => takeOver.mutate({ ...params, body: {} })}>
          Take over
        </Button>
      ) : null}
      {conversation.status === "waiting_for_human" || conversation.status === "handed_off" ? (
        <Button busy={resume.isPending} onClick={() => resume.mutate(params)}>
          Hand back
        </Button>
      ) : null}
      {conversation.status !== "closed" ? (
        <Button variant="danger" busy={close.isPending} onClick={() => close.mutate(params)}>
          Close
        </Button>
      ) : null}
      <ErrorNotice error={takeOver.error ?? resume.error ?? close.error} />
    </div>
  );
}

/** The manager's reply; one client id per draft, so a retried send reaches the customer once. */
function ReplyBox({ conversation }: { conversation: Conversation }) {
  const session = useSession();
  const [text, setText] = useState("");
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const reply = useStaffMutation("reply", {
    invalidates: [...REFRESH],
    onSuccess: () => {
      setText("");
      setClientId(crypto.randomUUID());
    },
  });
  if (!session.can("conversations.write")) return null;
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate({ params: { id: conversation.id }, body: { text, clientId } });
  };
  return (
    <form className="card reply" onSubmit={send}>
      <TextAreaField label="Reply" value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={4000} placeholder="Write to the customer; the bot stays quiet while you have the chat." />
      <ErrorNotice error={reply.error} />
      <Button type="submit" variant="primary" busy={reply.isPending} disabled={!text.trim()}>
        Send
      </Button>
    </form>
  );
}
