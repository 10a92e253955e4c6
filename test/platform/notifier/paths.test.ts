import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  resolveWatchPath,
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
    });

    it('rejects a path that does not exist yet under a link pointing outside (it could be created there)', () => {
      mkdirSync(join(base, 'outside2'));
      symlinkSync(join(base, 'outside2'), join(root, 'escape2'));
      for (const p of [join(root, 'escape2', 'x'), join(root, 'escape2', 'x', 'y.events')]) {
        expect(validateWatchPath(p, [root])._unsafeUnwrapErr().message).toMatch(
          /resolves to .*outside2.*, outside/,
        );
      }
    });

    it('rejects a dangling link and a link loop', () => {
      symlinkSync(join(base, 'nowhere'), join(root, 'dangling'));
      symlinkSync(join(root, 'loop'), join(root, 'loop'));
      expect(validateWatchPath(join(root, 'dangling'), [root])._unsafeUnwrapErr().message).toMatch(
        /cannot be resolved \(ELOOP\)/,
      );
      expect(
        validateWatchPath(join(root, 'dangling', 'x'), [root])._unsafeUnwrapErr().message,
      ).toMatch(/cannot be resolved \(ELOOP\)/);
      expect(validateWatchPath(join(root, 'loop', 'x'), [root])._unsafeUnwrapErr().message).toMatch(
        /cannot be resolved \(ELOOP\)/,
      );
    });

    it('gives the real path to open, also for a path that does not exist yet', () => {
      mkdirSync(join(root, 'inside', 'cg'), { recursive: true });
      expect(resolveWatchPath(join(root, 'ok-link', 'cg'), [root])._unsafeUnwrap()).toEqual({
        path: join(root, 'ok-link', 'cg'),
        real: join(realpathSync(root), 'inside', 'cg'),
      });
      expect(resolveWatchPath(join(root, 'ok-link', 'new', 'f'), [root])._unsafeUnwrap()).toEqual({
        path: join(root, 'ok-link', 'new', 'f'),
        real: join(realpathSync(root), 'inside', 'new', 'f'),
      });
    });
  });

  it.each([
    ['a path of PATH_MAX bytes', `/sys/fs/cgroup/${'a/'.repeat(2050)}`, /longer than PATH_MAX/],
    ['a component over NAME_MAX', `/sys/fs/cgroup/${'b'.repeat(300)}/x`, /ENAMETOOLONG/],
  ])('rejects %s', (_name, input, message) => {
    expect(validateWatchPath(input, roots)._unsafeUnwrapErr()).toMatchObject({
      code: 'invalid-path',
      message: expect.stringMatching(message),
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
