// Transfer sizes as a server sends them: gzip at level 9 (what `gzip -9` and
// most CDNs produce) and brotli at quality 11 (what static hosts pre-compress).
import zlib from 'node:zlib';

/** gzip -9 size of `bytes`. */
export const gzipSize = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

/** `{ raw, gzip, brotli }` sizes of `bytes`. */
export function sizes(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    raw: buffer.length,
    gzip: gzipSize(buffer),
    brotli: zlib.brotliCompressSync(buffer, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}
