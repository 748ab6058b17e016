import { sleep, type JsonRequest, type JsonResponse } from "./http";
import { zohoIds } from "./zoho-orders";

/**
 * Zoho CRM v6 for the Zoho stand-in: `POST /crm/v6/{Contacts|Deals}/upsert`,
 * `PUT /crm/v6/{Contacts|Deals}/:id` and `GET /crm/v6/{Contacts|Deals}/:id`, behind the same OAuth tokens as Inventory. CRM has limits of
 * its own: API calls per rolling minute and requests in flight at once (the concurrency limit only
 * bites when `latencyMs` keeps requests in flight). Errors use CRM's `{code, details, message, status}`.
 */
export interface ZohoCrmOptions {
  requestsPerMinute: number;
  concurrency: number;
  latencyMs: number;
  /** Whether the request carries a live `Zoho-oauthtoken` (the token store is the Accounts side's). */
  authorized(request: JsonRequest): boolean;
}

export type CrmModule = "Contacts" | "Deals";
export type CrmRecord = Record<string, unknown> & { id: string };

export interface ZohoCrm {
  /** Answers a request under /crm/v6/, or undefined when no route matches (a 404 recorded as unexpected). */
  route(request: JsonRequest): Promise<JsonResponse> | JsonResponse | undefined;
  /** `GET /__control/crm/{Contacts|Deals}` with optional `field` and `value`. */
  control(request: JsonRequest): JsonResponse | undefined;
  /** Forgets every CRM record. */
  clear(): void;
}

const RATE_WINDOW_MS = 60_000;
const MAX_RECORDS = 100;
const MODULES = ["Contacts", "Deals"] as const;
const DEFAULT_DUPLICATE_CHECK: Record<CrmModule, string> = { Contacts: "Email", Deals: "Deal_Name" };
const MANDATORY: Record<CrmModule, string[]> = { Contacts: ["Last_Name"], Deals: ["Deal_Name", "Stage"] };
/** Fields Zoho sets itself; given values are ignored rather than stored. */
const SYSTEM_FIELDS = new Set(["id", "Created_Time", "Modified_Time", "Created_By", "Modified_By"]);
/** The user the stand-in's API calls act as. */
const API_USER = { id: "4818000000000000001", name: "Stand-in API User" };

type Outcome = { code: string; details: Record<string, unknown>; message: string; status: "success" | "error" } & Record<string, unknown>;

const crmError = (status: number, code: string, message: string, details: Record<string, unknown> = {}, headers?: Record<string, string>): JsonResponse => ({
  status,
  body: { code, details, message, status: "error" },
  headers,
});
const recordError = (code: string, message: string, details: Record<string, unknown>): Outcome => ({ code, details, message, status: "error" });

export function createZohoCrm(options: ZohoCrmOptions): ZohoCrm {
  const records: Record<CrmModule, Map<string, CrmRecord>> = { Contacts: new Map(), Deals: new Map() };
  const ids = zohoIds("4819");
  const callTimes: number[] = [];
  let inFlight = 0;

  const upsert = (module: CrmModule, request: JsonRequest): JsonResponse => {
    const body = request.body;
    if (!isObject(body)) return crmError(400, "INVALID_DATA", "invalid data", { api_name: "body" });
    const data = body.data;
    if (!Array.isArray(data) || data.length === 0) return crmError(400, "INVALID_DATA", "invalid data", { api_name: "data", expected_data_type: "jsonarray" });
    if (data.length > MAX_RECORDS) return crmError(400, "LIMIT_EXCEEDED", "Limit exceeded", { limit: MAX_RECORDS });
    const checkFields = body.duplicate_check_fields ?? [];
    if (!Array.isArray(checkFields) || !checkFields.every((field) => typeof field === "string" && field !== "")) {
      return crmError(400, "INVALID_DATA", "invalid data", { api_name: "duplicate_check_fields", expected_data_type: "jsonarray" });
    }
    if (body.trigger !== undefined && !Array.isArray(body.trigger)) return crmError(400, "INVALID_DATA", "invalid data", { api_name: "trigger", expected_data_type: "jsonarray" });
    const fields = checkFields.length > 0 ? (checkFields as string[]) : [DEFAULT_DUPLICATE_CHECK[module]];

    const outcomes = data.map((record, index) => upsertOne(module, record, index, fields));
    const succeeded = outcomes.filter((outcome) => outcome.status === "success");
    const status = succeeded.length === 0 ? 400 : succeeded.length === outcomes.length && succeeded.every((o) => o.action === "insert") ? 201 : 200;
    return { status, body: { data: outcomes } };
  };

  const upsertOne = (module: CrmModule, given: unknown, index: number, checkFields: string[]): Outcome => {
    if (!isObject(given)) return recordError("INVALID_DATA", "invalid data", { expected_data_type: "jsonobject", json_path: `$.data[${index}]` });
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(given)) if (!SYSTEM_FIELDS.has(key)) fields[key] = value;

    if (module === "Deals") {
      if ("Amount" in fields && fields.Amount !== null && (typeof fields.Amount !== "number" || !Number.isFinite(fields.Amount))) {
        return recordError("INVALID_DATA", "invalid data", { api_name: "Amount", expected_data_type: "double", json_path: `$.data[${index}].Amount` });
      }
      if ("Contact_Name" in fields && fields.Contact_Name !== null) {
        const lookup = fields.Contact_Name;
        const contact = isObject(lookup) && typeof lookup.id === "string" ? records.Contacts.get(lookup.id) : undefined;
        if (!contact) {
          return recordError("INVALID_DATA", "the id given seems to be invalid", {
            api_name: "Contact_Name",
            expected_data_type: "lookup",
            json_path: `$.data[${index}].Contact_Name`,
          });
        }
        // Zoho stores lookups as {name, id}.
        fields.Contact_Name = { name: contact.Full_Name ?? contact.Last_Name, id: contact.id };
      }
    }

    const existing = findDuplicate(module, fields, checkFields);
    // Mandatory fields must be there to insert; an update may leave them out but not blank them.
    for (const mandatory of MANDATORY[module]) {
      const missing = existing ? mandatory in fields && isBlank(fields[mandatory]) : isBlank(fields[mandatory]);
      if (missing) return recordError("MANDATORY_NOT_FOUND", "required field not found", { api_name: mandatory, json_path: `$.data[${index}].${mandatory}` });
    }

    const now = crmTime(new Date());
    let record: CrmRecord;
    if (existing) {
      record = { ...existing.record, ...fields, id: existing.record.id, Modified_Time: now, Modified_By: API_USER };
    } else {
      record = { ...fields, id: ids(), Created_Time: now, Modified_Time: now, Created_By: API_USER, Modified_By: API_USER };
    }
    if (module === "Contacts") record.Full_Name = [record.First_Name, record.Last_Name].filter((part) => !isBlank(part)).join(" ");
    records[module].set(record.id, record);
    const details = { id: record.id, Created_Time: record.Created_Time, Modified_Time: record.Modified_Time, Created_By: record.Created_By, Modified_By: record.Modified_By };
    return existing
      ? { code: "SUCCESS", duplicate_field: existing.field, action: "update", details, message: "record updated", status: "success" }
      : { code: "SUCCESS", duplicate_field: null, action: "insert", details, message: "record added", status: "success" };
  };

  /** The first check field with a value that some stored record shares decides; among several such records the oldest wins. */
  const findDuplicate = (module: CrmModule, fields: Record<string, unknown>, checkFields: string[]) => {
    for (const field of checkFields) {
      if (isBlank(fields[field])) continue;
      const wanted = fieldText(fields[field]);
      for (const record of records[module].values()) {
        if (!isBlank(record[field]) && fieldText(record[field]) === wanted) return { field, record };
      }
    }
    return undefined;
  };

  /** `PUT /crm/v6/{module}/{id}` with `{ data: [fields] }`: updates that record (Zoho's "Update Specific Record"). */
  const updateById = (module: CrmModule, id: string, request: JsonRequest): JsonResponse => {
    const body = request.body;
    const given = isObject(body) && Array.isArray(body.data) && body.data.length === 1 ? body.data[0] : undefined;
    if (!isObject(given)) return crmError(400, "INVALID_DATA", "invalid data", { api_name: "data", expected_data_type: "jsonarray" });
    const existing = records[module].get(id);
    if (!existing) return crmError(400, "INVALID_DATA", "the related id given seems to be invalid", { api_name: "id" });
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(given)) if (!SYSTEM_FIELDS.has(key)) fields[key] = value;
    for (const mandatory of MANDATORY[module]) {
      if (mandatory in fields && isBlank(fields[mandatory])) return crmError(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: mandatory });
    }
    const record: CrmRecord = { ...existing, ...fields, id, Modified_Time: crmTime(new Date()), Modified_By: API_USER };
    if (module === "Contacts") record.Full_Name = [record.First_Name, record.Last_Name].filter((part) => !isBlank(part)).join(" ");
    records[module].set(id, record);
    const details = { id, Created_Time: record.Created_Time, Modified_Time: record.Modified_Time, Created_By: record.Created_By, Modified_By: record.Modified_By };
    return { status: 200, body: { data: [{ code: "SUCCESS", details, message: "record updated", status: "success" }] } };
  };

  const handlerFor = (request: JsonRequest): (() => JsonResponse) | undefined => {
    const match = /^\/crm\/v6\/(Contacts|Deals)\/([^/]+)$/.exec(request.path);
    if (!match) return undefined;
    const module = match[1] as CrmModule;
    const id = decodeURIComponent(match[2]!);
    if (request.method === "POST" && id === "upsert") return () => upsert(module, request);
    if (request.method === "PUT") return () => updateById(module, id, request);
    if (request.method === "GET") {
      return () => {
        const record = records[module].get(id);
        return record ? { status: 200, body: { data: [record] } } : { status: 204, body: null };
      };
    }
    return undefined;
  };

  return {
    route(request) {
      const handler = handlerFor(request);
      if (!handler) return undefined;
      if (!options.authorized(request)) return crmError(401, "INVALID_TOKEN", "invalid oauth token");
      const now = Date.now();
      while (callTimes.length > 0 && callTimes[0]! <= now - RATE_WINDOW_MS) callTimes.shift();
      if (callTimes.length >= options.requestsPerMinute) {
        const retryAfter = Math.max(1, Math.ceil((callTimes[0]! + RATE_WINDOW_MS - now) / 1000));
        return crmError(429, "TOO_MANY_REQUESTS", "too many requests", {}, { "Retry-After": String(retryAfter) });
      }
      if (inFlight >= options.concurrency) return crmError(429, "TOO_MANY_REQUESTS", "too many requests");
      callTimes.push(now);
      if (options.latencyMs <= 0) return handler();
      // The write happens when the answer goes out, so a client that gave up may still have written.
      inFlight++;
      return sleep(options.latencyMs)
        .then(handler)
        .finally(() => inFlight--);
    },
    control(request) {
      const match = /^\/__control\/crm\/([^/]+)$/.exec(request.path);
      if (request.method !== "GET" || !match || !(MODULES as readonly string[]).includes(match[1]!)) return undefined;
      const field = request.query.get("field");
      const value = request.query.get("value");
      let list = [...records[match[1] as CrmModule].values()];
      if (field !== null) list = list.filter((record) => !isBlank(record[field]) && fieldText(record[field]) === (value ?? ""));
      return { status: 200, body: { records: list } };
    },
    clear() {
      for (const module of MODULES) records[module].clear();
    },
  };
}

/** CRM's date-time format: `2026-01-01T08:00:00+00:00`. */
function crmTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A field's value as compared for duplicates and control filters; lookups compare by id. */
function fieldText(value: unknown): string {
  return isObject(value) && "id" in value ? String(value.id) : String(value);
}
