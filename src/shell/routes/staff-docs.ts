import type { App } from "../http-types";
import { DOCS_PAGE } from "../staff-docs-page";
import { staffOpenApiDocument } from "../staff-openapi";

/** `GET /api/v1/openapi.json` (the staff API's OpenAPI 3.1 document) and `GET /api/v1/docs` (a reference page for it). */
export function registerStaffDocs(app: App): void {
  app.get("/api/v1/openapi.json", (c) => c.json(staffOpenApiDocument(new URL(c.req.url).origin)));
  app.get("/api/v1/docs", (c) =>
    c.html(DOCS_PAGE, 200, { "content-security-policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'" }),
  );
}
