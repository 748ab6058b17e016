import { z } from "zod";
import { defineTool } from "./define";

export const notifyWhenBackInStock = defineTool({
  name: "notify_when_back_in_stock",
  description:
    "When a product the customer wants is out of stock (in_stock 0), offer to message them when it is back; call this only after they accept. They get one message, in this chat, when the stock returns.",
  input: z.strictObject({ product_id: z.string().trim().min(1).max(100).describe("Product id or SKU from search results") }),
  async handler(args, { catalog, evidence }) {
    const alerts = evidence.desk?.stockAlerts;
    if (!alerts) return { error: "back-in-stock notices are not available right now; suggest similar products in stock" };
    const product = await catalog.get(args.product_id);
    if (product) evidence.add([product]);
    return alerts.subscribe(args.product_id);
  },
});
