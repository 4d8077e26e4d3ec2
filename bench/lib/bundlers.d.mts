export type Bundler = 'vite' | 'webpack' | 'esbuild';
export declare const BUNDLERS: readonly Bundler[];
export declare function bundleApp(bundler: Bundler, options: { entry: string; workDir: string }): Promise<{ fileName: string; bytes: Buffer }[]>;
