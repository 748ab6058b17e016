/**
 * Where staff open a CRM contact in Zoho's own web app. Zoho's data centres pair the accounts host
 * with the CRM host (accounts.zoho.eu with crm.zoho.eu, accounts.zoho.com.au with crm.zoho.com.au),
 * so the link follows ZOHO_ACCOUNTS_URL; any other host (a stand-in, a proxy) has no web app: null.
 */
export function crmContactUrl(accountsUrl: string, contactId: string | null): string | null {
  if (!contactId || !/^\d{1,30}$/.test(contactId)) return null;
  let host: string;
  try {
    host = new URL(accountsUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
  const match = /^accounts\.(zoho(?:cloud)?\.[a-z]{2,3}(?:\.[a-z]{2})?)$/.exec(host);
  return match ? `https://crm.${match[1]}/crm/tab/Contacts/${contactId}` : null;
}
