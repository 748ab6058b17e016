/**
 * The API reference page at /api/v1/docs: one self-contained HTML document (no CDN, the panel and
 * the local stack may have no internet) that reads /api/v1/openapi.json, lists every operation
 * with its parameters and schemas, and can call them with the signed-in session.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Staff API reference</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:12px 20px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0 16px 0 0}header input{padding:4px 6px}main{padding:16px 20px;max-width:1100px}
h2{margin:24px 0 8px;text-transform:capitalize}details{background:#fff;border:1px solid #d9dde3;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 10px;display:flex;gap:10px;align-items:center}.m{font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;min-width:52px;text-align:center}
.get{background:#2f7d4f}.post{background:#2e5fa7}.patch,.put{background:#9a6a12}.delete{background:#a33}code,pre{font:12px/1.4 ui-monospace,monospace}
pre{background:#f0f2f5;padding:8px;overflow:auto;max-height:320px}.body{padding:0 12px 12px}.role{color:#667;font-size:12px;margin-left:auto}
label{display:block;margin:4px 0}label span{display:inline-block;min-width:120px}textarea{width:100%;min-height:80px;font:12px monospace}
</style></head><body>
<header><h1>Staff API</h1>
<form id="login"><input name="email" type="email" placeholder="email" autocomplete="username" required>
<input name="password" type="password" placeholder="password" autocomplete="current-password" required> <button>Sign in</button></form>
<span id="who"></span></header>
<main id="ops">Loading…</main>
<script>
const el = (tag, props = {}, ...children) => { const node = Object.assign(document.createElement(tag), props); node.append(...children); return node; };
async function call(method, url, body) {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : body, credentials: "same-origin" });
  const text = await res.text();
  let shown = text; try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
  return res.status + " " + res.statusText + "\\n" + shown;
}
async function whoami() {
  const res = await fetch("/api/v1/auth/me", { credentials: "same-origin" });
  const me = res.ok ? await res.json() : null;
  document.getElementById("who").textContent = me ? me.user.email + " (" + me.user.role + ")" : "not signed in";
}
document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(event.target));
  const out = await call("POST", "/api/v1/auth/login", JSON.stringify(data));
  if (!out.startsWith("200")) alert(out);
  whoami();
});
function operation(path, method, op) {
  const inputs = (op.parameters || []).map((p) => el("label", {}, el("span", { textContent: p.name + (p.required ? " *" : "") + " (" + p.in + ")" }), el("input", { name: p.name, placeholder: p.description || (p.schema && p.schema.type) || "" })));
  const body = op.requestBody ? el("textarea", { placeholder: "JSON body" }) : null;
  const output = el("pre", { textContent: "" });
  const send = el("button", { textContent: "Send", type: "button" });
  send.addEventListener("click", async () => {
    let url = path; const query = new URLSearchParams();
    for (const p of op.parameters || []) {
      const value = inputs.find((label) => label.querySelector("input").name === p.name).querySelector("input").value;
      if (!value) continue;
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(value)); else query.set(p.name, value);
    }
    output.textContent = await call(method.toUpperCase(), url + (query.size ? "?" + query : ""), body ? body.value || "{}" : undefined);
  });
  const schemas = [];
  if (op.requestBody) schemas.push(el("div", {}, el("b", { textContent: "Body" }), el("pre", { textContent: JSON.stringify(op.requestBody.content["application/json"].schema, null, 2) })));
  for (const [status, response] of Object.entries(op.responses)) if (response.content && !status.startsWith("4")) schemas.push(el("div", {}, el("b", { textContent: "Response " + status }), el("pre", { textContent: JSON.stringify(response.content["application/json"].schema, null, 2) })));
  return el("details", {}, el("summary", {}, el("span", { className: "m " + method, textContent: method.toUpperCase() }), el("code", { textContent: path }), el("span", { textContent: op.summary }), el("span", { className: "role", textContent: op.description.split("Allowed: ").pop() })),
    el("div", { className: "body" }, el("p", { textContent: op.description }), ...inputs, ...(body ? [body] : []), send, output, ...schemas));
}
fetch("/api/v1/openapi.json").then((r) => r.json()).then((doc) => {
  const main = document.getElementById("ops"); main.textContent = "";
  main.append(el("p", { textContent: doc.info.description }));
  const byTag = {};
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) (byTag[op.tags[0]] ||= []).push(operation(path, method, op));
  for (const [tag, ops] of Object.entries(byTag)) main.append(el("h2", { textContent: tag }), ...ops);
});
whoami();
</script></body></html>`;
