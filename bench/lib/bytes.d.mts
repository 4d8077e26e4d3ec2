export declare const gzipSize: (bytes: Uint8Array) => number;
export declare function sizes(bytes: Uint8Array): { raw: number; gzip: number; brotli: number };
