import { describe, expect, it } from "vitest";
import type { Catalog } from "../src/core/agent/catalog";
import { runTool, TOOL_DEFINITIONS, TOOL_NAMES, TOOLS, ToolEvidence } from "../src/core/agent/tools";

/** A catalog the validation paths must never reach: any call fails the test. */
const untouchable: Catalog = {
  search: () => Promise.reject(new Error("the catalog was called with arguments that failed validation")),
  get: () => Promise.reject(new Error("the catalog was called with arguments that failed validation")),
};

const call = async (name: string, args: string, evidence = new ToolEvidence()) =>
  JSON.parse(await runTool(name, args, { catalog: untouchable, language: "en", evidence })) as { error?: string };

describe("tool descriptors", () => {
  it("offer every tool once, as an OpenAI-compatible function whose parameters are an object schema", () => {
    expect(new Set(TOOL_NAMES).size).toBe(TOOLS.length);
    expect(TOOL_DEFINITIONS).toHaveLength(TOOLS.length);
    for (const tool of TOOL_DEFINITIONS) {
      expect(tool.type).toBe("function");
      if (tool.type !== "function") continue;
      expect(tool.function.name).toMatch(/^[a-z_]{1,64}$/);
      expect(tool.function.description!.length).toBeGreaterThan(20);
      const parameters = tool.function.parameters as Record<string, unknown>;
      expect(parameters).toMatchObject({ type: "object", properties: expect.any(Object), additionalProperties: false });
      expect(parameters).not.toHaveProperty("$schema");
    }
  });

  it("derive required fields, bounds, enums and descriptions from the zod input", () => {
    const byName = new Map(TOOL_DEFINITIONS.map((t) => [t.type === "function" ? t.function.name : "", t.type === "function" ? t.function.parameters : {}]));
    expect(byName.get("search_products")).toMatchObject({
      required: ["query"],
      properties: { query: { type: "string", description: expect.stringContaining("What the customer wants") }, min_quantity_in_stock: { type: "integer", maximum: 100_000 } },
    });
    expect(byName.get("add_to_quotation")).toMatchObject({ required: ["sku", "quantity"], properties: { quantity: { type: "integer", minimum: 1 } } });
    expect(byName.get("change_quotation_item")).toMatchObject({ properties: { quantity: { type: "integer", minimum: 0 } } });
    expect(byName.get("request_handoff")).toMatchObject({ properties: { reason: { enum: ["customer_request", "policy", "missing_knowledge", "custom_design", "frustration"] } } });
    expect(byName.get("update_customer_profile")).not.toHaveProperty("required");
  });
});

describe("tool calls the model gets wrong become errors it can read", () => {
  it("arguments that break the schema name the field and never reach the handler", async () => {
    const evidence = new ToolEvidence();
    expect((await call("search_products", JSON.stringify({ query: "" }), evidence)).error).toMatch(/^invalid arguments for search_products: query: /);
    expect((await call("add_to_quotation", JSON.stringify({ sku: "CH-1", quantity: 2.5 }), evidence)).error).toMatch(/quantity: .*expected int/i);
    expect((await call("get_product", JSON.stringify({ product_id: "X", admin: true }), evidence)).error).toMatch(/admin/);
    expect((await call("update_customer_profile", JSON.stringify({ email: "not-an-email" }), evidence)).error).toMatch(/email/);
    expect((await call("show_quotation", "[1, 2]", evidence)).error).toMatch(/invalid arguments for show_quotation: arguments: /);
    expect(evidence.calls.map((c) => c.ok)).toEqual([false, false, false, false, false]);
    expect(evidence.profile).toEqual({});
  });

  it("arguments that are not JSON and unknown tools are answered, not thrown", async () => {
    expect((await call("get_product", "{product_id: CH-1")).error).toMatch(/not valid JSON/);
    const unknown = await call("create_sale_order", "{}");
    expect(unknown.error).toMatch(/unknown tool "create_sale_order"/);
    expect(unknown.error).toContain("confirm_quotation");
  });

  it("quotation tools without a desk answer that quotations are unavailable", async () => {
    expect((await call("show_quotation", "")).error).toMatch(/quotations are not available/);
  });

  it("a valid handoff request is recorded on the turn's evidence", async () => {
    const evidence = new ToolEvidence();
    const result = await call("request_handoff", JSON.stringify({ reason: "custom_design", summary: "Curved reception desk" }), evidence);
    expect(result).toMatchObject({ ok: true });
    expect(evidence.handoff).toEqual({ reason: "custom_design", summary: "Curved reception desk" });
    // The turn's trace keeps the arguments the model gave and the start of what it read back.
    expect(evidence.calls).toEqual([{ name: "request_handoff", ok: true, ms: expect.any(Number), args: { reason: "custom_design", summary: "Curved reception desk" }, result: JSON.stringify(result) }]);
  });
});
