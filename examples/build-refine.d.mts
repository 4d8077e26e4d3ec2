/** Types for build-refine.mjs, so the TypeScript tests can import it. */
export const REFINE_BASE: string;
export const REFINE_OUTDIR: string;
export function buildRefine(options?: { outdir?: string }): Promise<string>;
