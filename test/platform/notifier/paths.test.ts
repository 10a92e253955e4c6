import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  validateAttribute,
  validateRoots,
  validateWatchPath,
} from '../../../src/platform/notifier/paths';

const roots = ['/sys/fs/cgroup', '/proc/pressure'];

describe('validateWatchPath', () => {
  it.each([
    ['/sys/fs/cgroup/memory/kubepods', '/sys/fs/cgroup/memory/kubepods'],
    ['/sys/fs/cgroup/memory/kubepods/', '/sys/fs/cgroup/memory/kubepods'],
    ['/sys/fs/cgroup//memory', '/sys/fs/cgroup/memory'],
    ['/sys/fs/cgroup', '/sys/fs/cgroup'],
    ['/proc/pressure/memory', '/proc/pressure/memory'],
  ])('accepts %s', (input, expected) => {
    expect(validateWatchPath(input, roots)._unsafeUnwrap()).toBe(expected);
  });

  it.each([
    ['relative', 'sys/fs/cgroup/memory', /must be absolute/],
    ['dot-dot', '/sys/fs/cgroup/memory/../../../../etc', /"\." or "\.\."/],
    ['dot', '/sys/fs/cgroup/./memory', /"\." or "\.\."/],
    ['NUL', '/sys/fs/cgroup/memory\0/x', /contains NUL/],
    ['outside', '/etc/passwd', /outside the allowed roots/],
    ['prefix trick', '/sys/fs/cgroupfoo', /outside the allowed roots/],
    ['empty', '', /is empty/],
  ])('rejects %s', (_name, input, message) => {
    const r = validateWatchPath(input, roots);
    expect(r.isErr()).toBe(true);
    expect(r._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-path',
      message: expect.stringMatching(message),
    });
  });

  it('rejects non-strings without throwing', () => {
    for (const v of [undefined, null, 42, {}, []]) {
      expect(validateWatchPath(v, roots)._unsafeUnwrapErr().code).toBe('invalid-path');
    }
  });

  describe('symlink escape', () => {
    const base = mkdtempSync(join(tmpdir(), 'evictkit-paths-'));
    const root = join(base, 'root');
    afterAll(() => rmSync(base, { recursive: true, force: true }));

    it('rejects a link under the root that points outside it', () => {
      mkdirSync(join(root, 'inside'), { recursive: true });
      mkdirSync(join(base, 'outside'));
      symlinkSync(join(base, 'outside'), join(root, 'escape'));
      symlinkSync(join(root, 'inside'), join(root, 'ok-link'));
      expect(validateWatchPath(join(root, 'inside'), [root]).isOk()).toBe(true);
      expect(validateWatchPath(join(root, 'ok-link'), [root]).isOk()).toBe(true);
      expect(validateWatchPath(join(root, 'escape'), [root])._unsafeUnwrapErr().message).toMatch(
        /resolves to .*outside/,
      );
      expect(validateWatchPath(join(root, 'escape', 'x'), [root]).isOk()).toBe(true); // does not exist: the open fails later
    });
  });
});

describe('validateAttribute', () => {
  it.each(['memory.usage_in_bytes', 'memory.memsw.usage_in_bytes'])('accepts %s', (a) => {
    expect(validateAttribute(a)._unsafeUnwrap()).toBe(a);
  });
  it.each(['', '.', '..', 'a/b', '../memory.usage_in_bytes', 'x\0', 7])('rejects %s', (a) => {
    expect(validateAttribute(a)._unsafeUnwrapErr().code).toBe('invalid-argument');
  });
});

describe('validateRoots', () => {
  it('normalises and rejects bad roots', () => {
    expect(validateRoots(['/sys/fs/cgroup/'])._unsafeUnwrap()).toEqual(['/sys/fs/cgroup']);
    expect(validateRoots([]).isErr()).toBe(true);
    expect(validateRoots(['relative']).isErr()).toBe(true);
    expect(validateRoots('nope').isErr()).toBe(true);
  });
});
