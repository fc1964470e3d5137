/**
 * Bytes ↔ text for the readers, with what both Node and a browser have (TextDecoder / TextEncoder):
 * the engine does not use Node's Buffer. Decoding is Buffer's `toString('utf8')`: a malformed
 * sequence reads as U+FFFD and a leading BOM is kept (`ignoreBOM: true` — callers strip it
 * themselves where the format says so).
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** The UTF-8 text of `bytes[start, end)`. */
export function utf8Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return decoder.decode(bytes.subarray(start, end));
}

/** The UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
