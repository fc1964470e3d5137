/**
 * What a path is when it is not a regular file, in words for a message: "not a regular file (a
 * FIFO)". Reading a FIFO blocks until a writer comes (forever, in CI); reading /dev/zero never ends.
 * Every reader of SLA, config and metric files checks the type (after following symlinks) before it
 * opens anything.
 */
export interface FileTypeLike {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

/** `a FIFO`, `a character device`, … ; `a folder` for a directory; undefined for a regular file. */
export function nonRegularKind(stat: FileTypeLike): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** Words for an errno code of a failed open or stat: `ELOOP: a symlink loop`. */
export function errnoText(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'ELOOP': return 'ELOOP: a symlink loop';
    case 'EACCES': case 'EPERM': return `${code}: permission denied`;
    case 'ENAMETOOLONG': return 'ENAMETOOLONG: the path is too long';
    case undefined: return fallback;
    default: return code;
  }
}
