import { describe, expect, it } from 'vitest';
import { validatePod } from '../../src/pods/pod';
import { displayValue } from '../../src/signals/config-error';

// Error messages quote the offending value. Quoting must stay cheap and short whatever the
// value: the fuzzer found a shared-subtree value (a DAG 40 levels deep, 2^40 paths) that made
// JSON.stringify — and so validatePod and every config error — run for ever.

function dag(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value, b: value };
  return value;
}

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
};

describe('displayValue', () => {
  it('renders JSON-like text for ordinary values', () => {
    expect(displayValue('as is')).toBe('as is');
    expect(displayValue({ a: [1, 'x', null], b: true })).toBe('{"a":[1,"x",null],"b":true}');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(undefined)).toBe('undefined');
    expect(displayValue(12n)).toBe('12');
    expect(displayValue(Symbol('s'))).toBe('Symbol(s)');
    expect(displayValue(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  it('is bounded for shared subtrees, deep nesting, cycles and long values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [
      dag(40),
      dag(5_000),
      cyclic,
      { s: 'x'.repeat(100_000) },
      new Array(1e6).fill(1),
    ]) {
      const { value: text, ms } = timed(() => displayValue(value));
      expect(ms).toBeLessThan(100);
      expect(text.length).toBeLessThanOrEqual(1_001);
    }
  });

  it('never throws on hostile objects', () => {
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    for (const value of [getter, proxy, Object.create(null)]) {
      expect(typeof displayValue(value)).toBe('string');
    }
  });
});

describe('validatePod quotes bad quantities without walking them', () => {
  it('answers at once for a DAG where a quantity belongs', () => {
    const pod = { spec: { containers: [{ name: 'c', resources: { limits: { cpu: dag(40) } } }] } };
    const { value: result, ms } = timed(() => validatePod(pod));
    expect(ms).toBeLessThan(500);
    expect(result._unsafeUnwrapErr().issues[0]?.path).toBe(
      '$.spec.containers[0].resources.limits.cpu',
    );
  });
});
