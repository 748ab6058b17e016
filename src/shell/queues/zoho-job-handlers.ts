import { syncCrmContact, syncCrmDeal, syncCrmLead } from "../../app/crm/sync";
import type { ZohoJobHandlers } from "../../app/jobs/zoho-jobs";
import { orderFailed, runSaleOrder } from "../../app/orders/sale-order-job";

/** Each kind of Zoho job the ledger runs, and what a dead one means; a kind missing here does not typecheck. */
export const ZOHO_JOB_HANDLERS: ZohoJobHandlers = {
  run: {
    "sale-order": runSaleOrder,
    "crm-contact": syncCrmContact,
    "crm-deal": syncCrmDeal,
    "crm-lead": syncCrmLead,
  },
  died: { "sale-order": orderFailed },
};
