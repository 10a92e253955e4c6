import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { err, ok, type Result } from 'neverthrow';

// Every file the CLI reads goes through here: only regular files (or standard input as "-"),
// never more than a limit. A character device (/dev/zero) or a FIFO is refused before a byte is
// read, so neither can fill memory or block the process.

/** How much of what may be read. */
export interface InputLimit {
  bytes: number;
  /** What the input is, for the error text: "a kubelet configuration". */
  what: string;
}

const MiB = 1024 * 1024;

/** Kubelet configurations are kilobytes; 4 MiB is far beyond any real one. */
export const CONFIG_LIMIT: InputLimit = { bytes: 4 * MiB, what: 'a kubelet configuration' };
/** Scenarios are written by hand. */
export const SCENARIO_LIMIT: InputLimit = { bytes: 4 * MiB, what: 'a scenario' };
/** A Node object (or a List of a few). */
export const NODE_LIMIT: InputLimit = { bytes: 16 * MiB, what: 'a node' };
/** A Summary is about 5 KiB per pod: 64 MiB is ten thousand pods. */
export const SUMMARY_LIMIT: InputLimit = { bytes: 64 * MiB, what: 'a Summary' };
/** A pod list may be a whole cluster's (`kubectl get pods -A -o json`). */
export const PODS_LIMIT: InputLimit = { bytes: 256 * MiB, what: 'a pod list' };

/** Why an input could not be read. The message is one line: `cannot read <path>: <reason>`. */
export interface InputError {
  code: 'unreadable';
  /** The path as given (`-` for standard input). */
  path: string;
  reason: 'not-found' | 'permission' | 'not-regular' | 'too-large' | 'io';
  message: string;
}

/** `standard input` for `-`, the path otherwise. */
export const inputName = (path: string): string => (path === '-' ? 'standard input' : path);

const unreadable = (path: string, reason: InputError['reason'], detail: string): InputError => ({
  code: 'unreadable',
  path,
  reason,
  message: `cannot read ${inputName(path)}: ${detail}`,
});

const tooLarge = (path: string, limit: InputLimit) =>
  unreadable(
    path,
    'too-large',
    `larger than the ${formatLimit(limit.bytes)} limit for ${limit.what}`,
  );

function formatLimit(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

const ERRNO_TEXT: Readonly<Record<string, [InputError['reason'], string]>> = {
  ENOENT: ['not-found', 'no such file'],
  ENOTDIR: ['not-found', 'no such file'],
  EACCES: ['permission', 'permission denied'],
  EPERM: ['permission', 'permission denied'],
  ELOOP: ['not-found', 'too many levels of symbolic links'],
  ENAMETOOLONG: ['not-found', 'file name too long'],
  EISDIR: ['not-regular', "not a regular file (a directory); to read a stream, pipe it to '-'"],
};

function fromErrno(path: string, cause: unknown): InputError {
  const code = (cause as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? ERRNO_TEXT[code] : undefined;
  if (known) return unreadable(path, known[0], known[1]);
  const text = cause instanceof Error ? cause.message : String(cause);
  return unreadable(path, 'io', typeof code === 'string' ? code : text);
}

/**
 * Read a regular file as UTF-8 (a leading byte-order mark dropped), refusing anything that is
 * not a regular file and anything over `limit.bytes`. The file is opened non-blocking, so a
 * FIFO path is refused instead of waiting for a writer. Never throws.
 */
export function readRegularFile(path: string, limit: InputLimit): Result<string, InputError> {
  if (path === '' || path.includes('\0')) return err(unreadable(path, 'not-found', 'no such file'));
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0),
    );
  } catch (cause) {
    return err(fromErrno(path, cause));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return err(
        unreadable(
          path,
          'not-regular',
          `not a regular file (${kindOf(stats)}); to read a stream, pipe it to '-'`,
        ),
      );
    }
    if (stats.size > limit.bytes) return err(tooLarge(path, limit));
    // One byte more than the limit tells a file that grew since fstat from one that fits.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, limit.bytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit.bytes) return err(tooLarge(path, limit));
      if (length === buffer.length) break;
    }
    return ok(decode(buffer.subarray(0, length)));
  } catch (cause) {
    return err(fromErrno(path, cause));
  } finally {
    closeSync(fd);
  }
}

/** Read a stream (standard input) to its end, stopping with an error past `limit.bytes`. */
export async function readStream(
  stream: AsyncIterable<Buffer | string> & { destroy?(): void },
  limit: InputLimit,
  path = '-',
): Promise<Result<string, InputError>> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      length += bytes.length;
      if (length > limit.bytes) {
        stream.destroy?.();
        return err(tooLarge(path, limit));
      }
      chunks.push(bytes);
    }
  } catch (cause) {
    return err(fromErrno(path, cause));
  }
  return ok(decode(Buffer.concat(chunks, length)));
}

function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
