/** Types for build-spa.mjs, so the TypeScript tests can import it. */
export const SPA_OUTDIR: string;
export function buildSpa(options?: { outdir?: string }): Promise<string>;
