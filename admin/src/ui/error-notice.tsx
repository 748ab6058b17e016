import { errorMessage, StaffApiError } from "../api";

/**
 * The one way a failed call is shown: the API's message (a refused action says why), with the
 * request id to quote when asking for help. Renders nothing without an error.
 */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const requestId = error instanceof StaffApiError ? error.requestId : null;
  return (
    <div role="alert" className="notice notice-error">
      {title ? <strong>{title}: </strong> : null}
      {errorMessage(error)}
      {requestId ? <span className="muted"> (request {requestId})</span> : null}
    </div>
  );
}
