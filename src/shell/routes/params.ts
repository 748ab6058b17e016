import { z } from "zod";
import { ApiError } from "../../core/errors";

/** Query parameters through a zod schema; the first problem becomes a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "VALIDATION_FAILED", `Invalid query parameter ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

const uuid = z.string().uuid();

/** A path parameter that must be a UUID (`what` names it in the 400). */
export function uuidParam(raw: string | undefined, what: string): string {
  const parsed = uuid.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "VALIDATION_FAILED", `${what} must be a UUID`);
  return parsed.data;
}
