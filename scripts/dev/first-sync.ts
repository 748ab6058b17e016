/**
 * Follows the first catalog sync and knowledge indexing of a start in the background and reports
 * once both are done, so `npm start` says when search is fully hybrid instead of leaving it to guess.
 */
interface SyncView {
  open: { status: string } | null;
  runs: { status: string; itemsSeen?: number; embedded?: number; finishedAt?: string | null }[];
}

export function followFirstSync(workerUrl: string, adminToken: string, report: (line: string) => void, intervalMs = 2000): () => void {
  const started = Date.now();
  let stopped = false;
  const get = async <T>(path: string): Promise<T | null> => {
    const response = await fetch(`${workerUrl}${path}`, { headers: { authorization: `Bearer ${adminToken}` } }).catch(() => null);
    return response?.ok ? ((await response.json()) as T) : null;
  };
  const poll = async () => {
    while (!stopped) {
      const sync = await get<SyncView>("/api/v1/products/sync?limit=1");
      const knowledge = await get<{ documents: { indexStatus: string }[] }>("/api/v1/admin/knowledge");
      const pending = knowledge?.documents.filter((d) => d.indexStatus !== "indexed").length ?? null;
      if (sync && !sync.open && pending === 0) {
        const last = sync.runs[0];
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        report(`first sync: done in ${seconds} s (catalog sync ${last?.status ?? "none"}, ${knowledge!.documents.length} knowledge documents indexed); search is hybrid`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  void poll();
  return () => {
    stopped = true;
  };
}
