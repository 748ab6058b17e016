import { useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Button, Card, ErrorNotice, formatDateTime } from "../ui";

/** The managers' last daily digest as they received it, and "Send now" for admins. */
export function DigestCard() {
  const { can } = useSession();
  const last = useStaffQuery("getDigest", {});
  const send = useStaffMutation("sendDigest", { invalidates: ["getDigest"] });
  const digest = last.data?.digest ?? null;
  return (
    <Card
      title="Daily digest"
      actions={
        <Button busy={send.isPending} onClick={() => send.mutate({ body: {} })} title={can("digest.send") ? undefined : "Only an admin may send it; the server will refuse"}>
          Send digest now
        </Button>
      }
    >
      <ErrorNotice error={last.error ?? send.error} />
      {digest ? (
        <>
          <p className="muted">
            Sent {formatDateTime(digest.sentAt)} ({digest.trigger}) to {digest.recipients} manager number{digest.recipients === 1 ? "" : "s"}
          </p>
          <pre className="digest" aria-label="Last digest">
            {digest.text}
          </pre>
        </>
      ) : (
        <p className="muted">No digest sent yet: the first goes out tomorrow morning, shop time.</p>
      )}
    </Card>
  );
}
