/**
 * The one way SLA files and `.model-sla.yaml` are read from disk — by `model-sla check` and
 * `report`, by the server's workspace scan and for the project config. Such files come from a
 * repository or a pull request, and a symlink can be committed: `x.sla.yaml -> /dev/zero` would
 * make a plain `readFileSync` allocate until the process dies, and a FIFO would block it forever.
 *
 * So, before anything is opened: `stat` (following symlinks) must say a regular file of at most
 * `maxBytes`. Then the file is opened non-blocking (a second guard, should it have been swapped for
 * a FIFO in between), `fstat` must still say a regular file, and at most `maxBytes + 1` bytes are
 * read — a file that grows, or says 0 bytes and has more (`/proc`), is still capped. Text in UTF-16
 * or UTF-32 (a byte-order mark, or NUL bytes in the first 4 KiB) is refused with one clear message
 * instead of a page of YAML errors about NUL characters. A UTF-8 byte-order mark is stripped; bytes
 * that are not UTF-8 (Latin-1, Windows-1252) are read with U+FFFD and their place is returned, for
 * an SLA001 "save it as UTF-8" at the right line.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { errnoText, nonRegularKind } from '../engine/metrics/fileKind';

/** SLA files larger than this are not read (the editor's `modelSla.maxFileSizeMB` default). */
export const MAX_SLA_FILE_BYTES = 20 * 1024 * 1024;
/** `.model-sla.yaml` larger than this is ignored (it holds a few severity overrides). */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export type TextFileRead =
  /**
   * `text` without a leading UTF-8 byte-order mark. `notUtf8`: the first byte sequence that is not
   * UTF-8 (a Latin-1 `é`, …), 1-based, with a message; the text has U+FFFD there. `check` reports it
   * as SLA001 at that place and `report` refuses the file.
   */
  | { ok: true; text: string; notUtf8?: { line: number; column: number; message: string } }
  /**
   * `missing`: there is nothing at the path (ENOENT); `unreadable`: stat or open failed otherwise;
   * `not-regular`: a folder, FIFO, device or socket; `too-large`: over the limit; `encoding`: not UTF-8.
   * `message` does not repeat the path.
   */
  | { ok: false; reason: 'missing' | 'unreadable' | 'not-regular' | 'too-large' | 'encoding'; message: string };

export interface ReadTextOptions {
  maxBytes: number;
  /** For the size message: "over the 20 MB limit for <what>". */
  what: string;
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const limitText = (bytes: number) => (bytes >= 1048576 ? `${Number((bytes / 1048576).toFixed(2))} MB` : `${bytes} bytes`);

function failure(error: unknown): TextFileRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: `cannot be read (${code})` };
  return { ok: false, reason: 'unreadable', message: `cannot be read (${errnoText(code, (error as Error).message)})` };
}

export function readTextFile(path: string, options: ReadTextOptions): TextFileRead {
  const { maxBytes, what } = options;
  let st;
  try {
    st = statSync(path);
  } catch (error) {
    const read = failure(error);
    // A symlink whose target is gone says so (the path itself exists).
    if (read.ok === false && read.reason === 'missing') {
      try { if (lstatSync(path).isSymbolicLink()) return { ok: false, reason: 'missing', message: 'cannot be read (ENOENT: a symlink to nothing?)' }; } catch { /* nothing there */ }
    }
    return read;
  }
  const kind = nonRegularKind(st);
  if (kind) return { ok: false, reason: 'not-regular', message: kind === 'a folder' ? 'a folder, not a file' : `not a regular file (${kind})` };
  const tooLarge = (size: string): TextFileRead => ({ ok: false, reason: 'too-large', message: `${size}, over the ${limitText(maxBytes)} limit for ${what}` });
  if (st.size > maxBytes) return tooLarge(megabytes(st.size));

  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return failure(error);
  }
  let buffer: Buffer;
  let length = 0;
  try {
    const kindNow = nonRegularKind(fstatSync(fd));
    if (kindNow) return { ok: false, reason: 'not-regular', message: `not a regular file (${kindNow})` };
    buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
  } catch (error) {
    return failure(error);
  } finally {
    closeSync(fd);
  }
  if (length > maxBytes) return tooLarge(`more than ${limitText(maxBytes)} when read (its size said ${st.size} bytes)`);
  const bytes = buffer.subarray(0, length);
  const encoding = notUtf8(bytes);
  if (encoding) return { ok: false, reason: 'encoding', message: encoding };
  // A UTF-8 byte-order mark is not part of the text (editors hide it; YAML columns would shift by one).
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const text = body.toString('utf8');
  const bad = invalidUtf8(body);
  return bad ? { ok: true, text, notUtf8: bad } : { ok: true, text };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Where `bytes` stop being UTF-8 (1-based line and column of the first bad sequence, lines broken
 * at \n, \r\n and a lone \r as the parser counts them), or undefined for valid UTF-8.
 */
export function invalidUtf8(bytes: Uint8Array): { line: number; column: number; message: string } | undefined {
  try {
    strictUtf8.decode(bytes);
    return undefined;
  } catch { /* find where */ }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      ok = c >= lo && c <= hi;
    }
    if (!ok) break;
    i += need + 1;
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, i).toString('utf8');
  const lines = before.split(/\r\n|\r|\n/);
  return {
    line: lines.length,
    column: lines[lines.length - 1].length + 1,
    message: `the file is not UTF-8: byte 0x${bytes[i].toString(16).toUpperCase().padStart(2, '0')} here is not UTF-8 text (Latin-1 or Windows-1252?); save it as UTF-8`,
  };
}

/**
 * "the file is UTF-16; save it as UTF-8" (or UTF-32) when the bytes start with that byte-order mark,
 * or have NUL bytes in the first 4 KiB in the pattern of that encoding (ASCII text in UTF-16 has
 * every other byte NUL); a message about binary data for other NUL bytes there. Undefined for
 * anything else (UTF-8, with or without its BOM; a stray NUL later is the YAML parser's finding).
 */
export function notUtf8(bytes: Uint8Array): string | undefined {
  const b = bytes;
  const is = (encoding: string) => `the file is ${encoding}; save it as UTF-8`;
  if (b.length >= 4 && ((b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) || (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0))) return is('UTF-32');
  if (b.length >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))) return is('UTF-16');
  const probe = Math.min(b.length, 4096);
  let nuls = 0;
  const byPosition = [0, 0, 0, 0];
  for (let i = 0; i < probe; i++) if (b[i] === 0) { nuls++; byPosition[i & 3]++; }
  if (nuls === 0) return undefined;
  const quarter = probe / 4;
  const full = byPosition.filter((n) => n >= quarter * 0.6).length;
  if (full === 3) return is('UTF-32');
  const even = byPosition[0] + byPosition[2], odd = byPosition[1] + byPosition[3];
  if (Math.max(even, odd) >= (probe / 2) * 0.6 && Math.min(even, odd) <= (probe / 2) * 0.1) return is('UTF-16');
  return 'the file has NUL bytes in its first 4 KiB: binary data, not UTF-8 text';
}
