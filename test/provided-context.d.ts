import "vitest";

/** Values the global setup (Node) hands to the tests and to the worker's bindings. */
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: string;
    neonProxy: string;
    wazzupUrl: string;
    telegramUrl: string;
    openrouterUrl: string;
    transcribeUrl: string;
    zohoUrl: string;
    embeddingsUrl: string;
    qdrantUrl: string;
    vectorDatabaseUrl: string;
  }
}
