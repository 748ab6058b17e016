/**
 * Pages Function for /api/*: hands every request, the event WebSocket's upgrade included, to the
 * Worker through the `API` service binding (admin/wrangler.toml). The Worker then sees the panel's
 * own origin, so its Strict session cookie and same-origin check work on pages.dev, which is a
 * different site from workers.dev. The request goes on unchanged: method, path, query, headers
 * (cookie, origin) and body.
 */
export interface PanelFunctionEnv {
  API: { fetch(request: Request): Promise<Response> };
}

export const onRequest = ({ request, env }: { request: Request; env: PanelFunctionEnv }): Promise<Response> => env.API.fetch(request);
