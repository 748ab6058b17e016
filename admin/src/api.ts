import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from "@tanstack/react-query";
import { createStaffClient, StaffApiError, type StaffArgs, type StaffResult, type StaffRouteName } from "../../src/core/staff/contract/client";

export { StaffApiError };
export type { StaffArgs, StaffResult, StaffRouteName };

/** The one API client: same origin, the HttpOnly session cookie rides along on its own. */
export const api = createStaffClient();

type AnyCall = (args?: unknown) => Promise<unknown>;
const call = <N extends StaffRouteName>(name: N, args?: StaffArgs<N>) => (api[name] as AnyCall)(args) as Promise<StaffResult<N>>;

/**
 * Query keys are `[routeName, args]`, so `invalidate("listConversations")` refreshes every filtered
 * variant of that list at once. Screens never spell keys by hand.
 */
export const queryKey = <N extends StaffRouteName>(name: N, args?: StaffArgs<N>) => (args === undefined ? [name] : [name, args]) as readonly unknown[];

/** A read of one staff route, cached under `[name, args]`. */
export function useStaffQuery<N extends StaffRouteName>(
  name: N,
  args?: StaffArgs<N>,
  options: Omit<UseQueryOptions<StaffResult<N>, Error>, "queryKey" | "queryFn"> = {},
) {
  return useQuery<StaffResult<N>, Error>({ queryKey: queryKey(name, args), queryFn: () => call(name, args), ...options });
}

/**
 * A change through one staff route; on success the listed routes' queries refetch. Errors are
 * kept on the mutation (show them with <ErrorNotice error={m.error} />), never thrown at React.
 */
export function useStaffMutation<N extends StaffRouteName>(name: N, options: { invalidates?: StaffRouteName[]; onSuccess?: (result: StaffResult<N>) => void } = {}) {
  const client = useQueryClient();
  return useMutation<StaffResult<N>, Error, StaffArgs<N>>({
    mutationFn: (args) => call(name, args),
    onSuccess: async (result) => {
      options.onSuccess?.(result);
      await Promise.all((options.invalidates ?? []).map((route) => client.invalidateQueries({ queryKey: [route] })));
    },
  });
}

/** The sentence to show for a failed call: the API's own message (why it was refused). */
export function errorMessage(error: unknown): string {
  if (error instanceof StaffApiError) {
    if (error.status === 403) return `Not allowed: ${error.message}`;
    if (error.status === 429 && error.retryAfterS) return `${error.message} (try again in ${error.retryAfterS} s)`;
    return error.message;
  }
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Validation errors by field path ("name", "hours.open"), from the API's `details.issues`, for
 * showing next to the field that caused them.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof StaffApiError)) return {};
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.path] ??= issue.message;
  return byPath;
}
