// io/readTextFile.ts, the one reader of SLA files and .model-sla.yaml, on real files built at run
// time: the type is checked before the open, the size before the read, and the read itself is
// capped at limit+1 bytes (a file whose size says 0 and that has more, like /proc files, is refused,
// not read to the end).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalidUtf8, notUtf8, readTextFile } from '../../server/src/io/readTextFile';

const posix = process.platform !== 'win32';
let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'model-sla-read-')); });
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const read = (path: string, maxBytes = 1024) => readTextFile(path, { maxBytes, what: 'SLA files' });

test('a regular file within the limit is read as UTF-8 (a UTF-8 BOM is stripped: columns count from the text)', () => {
  writeFileSync(join(dir, 'a.sla.yaml'), '\uFEFFkind: SLA\n');
  assert.deepEqual(read(join(dir, 'a.sla.yaml')), { ok: true, text: 'kind: SLA\n' });
  // Only a leading BOM: one later in the text is a character of it.
  writeFileSync(join(dir, 'b.sla.yaml'), 'kind: SLA\n# \uFEFF\n');
  assert.deepEqual(read(join(dir, 'b.sla.yaml')), { ok: true, text: 'kind: SLA\n# \uFEFF\n' });
  writeFileSync(join(dir, 'exact.sla.yaml'), 'x'.repeat(1024));
  assert.equal(read(join(dir, 'exact.sla.yaml')).ok, true);
});

test('over the limit by its size: refused before it is opened', () => {
  writeFileSync(join(dir, 'big.sla.yaml'), 'x'.repeat(1025));
  assert.deepEqual(read(join(dir, 'big.sla.yaml')), { ok: false, reason: 'too-large', message: '0.0 MB, over the 1024 bytes limit for SLA files' });
  writeFileSync(join(dir, 'big2.sla.yaml'), 'x'.repeat(3 * 1048576));
  assert.deepEqual(readTextFile(join(dir, 'big2.sla.yaml'), { maxBytes: 2 * 1048576, what: 'SLA files' }), { ok: false, reason: 'too-large', message: '3.0 MB, over the 2 MB limit for SLA files' });
});

test('a file whose size lies (/proc): the read stops at limit+1 bytes', { skip: process.platform === 'linux' ? false : '/proc is Linux' }, () => {
  assert.deepEqual(read('/proc/self/maps', 100), { ok: false, reason: 'too-large', message: 'more than 100 bytes when read (its size said 0 bytes), over the 100 bytes limit for SLA files' });
});

test('FIFOs, devices, folders, symlink loops and dangling symlinks: refused with what they are, nothing opened', { skip: posix ? false : 'POSIX only' }, () => {
  execFileSync('mkfifo', [join(dir, 'pipe.sla.yaml')]);
  assert.deepEqual(read(join(dir, 'pipe.sla.yaml')), { ok: false, reason: 'not-regular', message: 'not a regular file (a FIFO)' });
  symlinkSync('/dev/zero', join(dir, 'zero.sla.yaml'));
  assert.deepEqual(read(join(dir, 'zero.sla.yaml')), { ok: false, reason: 'not-regular', message: 'not a regular file (a character device)' });
  mkdirSync(join(dir, 'folder.sla.yaml'));
  assert.deepEqual(read(join(dir, 'folder.sla.yaml')), { ok: false, reason: 'not-regular', message: 'a folder, not a file' });
  symlinkSync('loop.sla.yaml', join(dir, 'loop.sla.yaml'));
  assert.deepEqual(read(join(dir, 'loop.sla.yaml')), { ok: false, reason: 'unreadable', message: 'cannot be read (ELOOP: a symlink loop)' });
  symlinkSync('nowhere', join(dir, 'gone.sla.yaml'));
  assert.deepEqual(read(join(dir, 'gone.sla.yaml')), { ok: false, reason: 'missing', message: 'cannot be read (ENOENT: a symlink to nothing?)' });
  assert.deepEqual(read(join(dir, 'nothing.sla.yaml')), { ok: false, reason: 'missing', message: 'cannot be read (ENOENT)' });
});

test('encodings: UTF-16 and UTF-32 by their BOM or their NUL pattern; other NUL bytes are binary', () => {
  const text = 'apiVersion: modelsla/v1\nkind: SLA\n';
  const u16 = Buffer.from(text, 'utf16le');
  const u16be = Buffer.from(u16.map((_, i, b) => b[i ^ 1]));
  const u32 = Buffer.concat([...text].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0])));
  assert.equal(notUtf8(Buffer.concat([Buffer.from([0xff, 0xfe]), u16])), 'the file is UTF-16; save it as UTF-8');
  assert.equal(notUtf8(Buffer.concat([Buffer.from([0xfe, 0xff]), u16be])), 'the file is UTF-16; save it as UTF-8');
  assert.equal(notUtf8(u16), 'the file is UTF-16; save it as UTF-8');
  assert.equal(notUtf8(u16be), 'the file is UTF-16; save it as UTF-8');
  assert.equal(notUtf8(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), u32])), 'the file is UTF-32; save it as UTF-8');
  assert.equal(notUtf8(u32), 'the file is UTF-32; save it as UTF-8');
  assert.equal(notUtf8(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0])), 'the file has NUL bytes in its first 4 KiB: binary data, not UTF-8 text');
  assert.equal(notUtf8(Buffer.from(text + 'é€😀')), undefined);
  assert.equal(notUtf8(Buffer.from('\uFEFF' + text)), undefined);
  writeFileSync(join(dir, 'wide.sla.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), u16]));
  assert.deepEqual(read(join(dir, 'wide.sla.yaml')), { ok: false, reason: 'encoding', message: 'the file is UTF-16; save it as UTF-8' });
});

test('bytes that are not UTF-8: read with U+FFFD, and the first bad byte\'s line and column returned', () => {
  // Latin-1 `é` (0xE9) on line 3 after a multi-byte UTF-8 character; CRLF and a lone CR count as breaks.
  writeFileSync(join(dir, 'latin1.sla.yaml'), Buffer.concat([Buffer.from('kind: SLA\r\nmodel: m\rtitle: "—caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  assert.deepEqual(read(join(dir, 'latin1.sla.yaml')), {
    ok: true,
    text: 'kind: SLA\r\nmodel: m\rtitle: "—caf\uFFFD"\n',
    notUtf8: { line: 3, column: 13, message: 'the file is not UTF-8: byte 0xE9 here is not UTF-8 text (Latin-1 or Windows-1252?); save it as UTF-8' },
  });
  const at = (bytes: number[]) => invalidUtf8(Buffer.from([0x61, ...bytes]))?.column;
  assert.equal(at([0xc3, 0xa9]), undefined); // é in UTF-8
  assert.equal(at([0xf0, 0x9f, 0x98, 0x80]), undefined); // an emoji
  assert.equal(at([0xc0, 0xaf]), 2); // overlong
  assert.equal(at([0xed, 0xa0, 0x80]), 2); // a surrogate
  assert.equal(at([0xf4, 0x90, 0x80, 0x80]), 2); // beyond U+10FFFF
  assert.equal(at([0xe2, 0x82]), 2); // cut at the end
  assert.equal(at([0x80]), 2); // a lone continuation byte
});
