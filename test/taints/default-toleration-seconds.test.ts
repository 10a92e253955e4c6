import { describe, expect, it } from 'vitest';
import { applyDefaultTolerationSeconds, type TolerationLike } from '../../src/taints/index';

// plugin/pkg/admission/defaulttolerationseconds/admission_test.go
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const notReady300 = {
  key: NOT_READY,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const unreachable300 = {
  key: UNREACHABLE,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

describe('TestForgivenessAdmission', () => {
  const cases: {
    description: string;
    requested: TolerationLike[] | undefined;
    expected: TolerationLike[];
  }[] = [
    {
      description:
        'pod has no tolerations, expect add tolerations for `notread:NoExecute` and `unreachable:NoExecute`',
      requested: undefined,
      expected: [notReady300, unreachable300],
    },
    {
      description:
        'pod has tolerations, but none is for taint `notread:NoExecute` or `unreachable:NoExecute`, expect add tolerations for `notread:NoExecute` and `unreachable:NoExecute`',
      requested: [
        {
          key: 'foo',
          operator: 'Equal',
          value: 'bar',
          effect: 'NoSchedule',
          tolerationSeconds: 700,
        },
      ],
      expected: [
        {
          key: 'foo',
          operator: 'Equal',
          value: 'bar',
          effect: 'NoSchedule',
          tolerationSeconds: 700,
        },
        notReady300,
        unreachable300,
      ],
    },
    {
      description:
        'pod specified a toleration for taint `notReady:NoExecute`, expect add toleration for `unreachable:NoExecute`',
      requested: [
        { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
      ],
      expected: [
        { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
        unreachable300,
      ],
    },
    {
      description:
        'pod specified a toleration for taint `unreachable:NoExecute`, expect add toleration for `notReady:NoExecute`',
      requested: [
        { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
      ],
      expected: [
        { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
        notReady300,
      ],
    },
    {
      description:
        'pod specified tolerations for both `notread:NoExecute` and `unreachable:NoExecute`, expect no change',
      requested: [
        { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
        { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
      ],
      expected: [
        { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
        { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 700 },
      ],
    },
    {
      description:
        'pod specified toleration for taint `unreachable`, expect add toleration for `notReady:NoExecute`',
      requested: [{ key: UNREACHABLE, operator: 'Exists', tolerationSeconds: 700 }],
      expected: [{ key: UNREACHABLE, operator: 'Exists', tolerationSeconds: 700 }, notReady300],
    },
    {
      description: 'pod has wildcard toleration for all kind of taints, expect no change',
      requested: [{ operator: 'Exists', tolerationSeconds: 700 }],
      expected: [{ operator: 'Exists', tolerationSeconds: 700 }],
    },
    // Beyond upstream's table: operator and value are never looked at.
    {
      description: 'an Equal toleration with any value still counts as tolerating not-ready',
      requested: [{ key: NOT_READY, operator: 'Equal', value: 'whatever', effect: 'NoExecute' }],
      expected: [
        { key: NOT_READY, operator: 'Equal', value: 'whatever', effect: 'NoExecute' },
        unreachable300,
      ],
    },
    {
      description: 'a NoSchedule toleration does not count',
      requested: [{ key: NOT_READY, operator: 'Exists', effect: 'NoSchedule' }],
      expected: [
        { key: NOT_READY, operator: 'Exists', effect: 'NoSchedule' },
        notReady300,
        unreachable300,
      ],
    },
  ];
  it.each(cases)('$description', (c) => {
    const pod = {
      metadata: { name: 'p' },
      spec: c.requested === undefined ? {} : { tolerations: c.requested },
    };
    const before = JSON.stringify(pod);
    const out = applyDefaultTolerationSeconds(pod);
    expect(out.spec).toEqual({ tolerations: c.expected });
    expect(out).not.toBe(pod);
    expect(JSON.stringify(pod)).toBe(before);
  });

  it('uses the configured seconds', () => {
    const out = applyDefaultTolerationSeconds(
      { spec: {} },
      { notReadySeconds: 60, unreachableSeconds: 0 },
    );
    expect(out.spec).toEqual({
      tolerations: [
        { ...notReady300, tolerationSeconds: 60 },
        { ...unreachable300, tolerationSeconds: 0 },
      ],
    });
  });
});

describe('TestHandles', () => {
  it.each([
    ['UPDATE', true],
    ['CREATE', true],
    ['DELETE', false],
    ['CONNECT', false],
  ] as const)('%s handled: %s', (operation, handled) => {
    const out = applyDefaultTolerationSeconds({ spec: {} }, { operation });
    expect(out.spec).toEqual(handled ? { tolerations: [notReady300, unreachable300] } : {});
  });

  it('subresources are skipped', () => {
    expect(applyDefaultTolerationSeconds({ spec: {} }, { subresource: 'status' }).spec).toEqual({});
  });

  it('keeps a client-node model instance an instance', () => {
    class V1Pod {
      spec = { tolerations: [] as object[] };
    }
    const out = applyDefaultTolerationSeconds(new V1Pod());
    expect(out).toBeInstanceOf(V1Pod);
    expect(out.spec.tolerations).toHaveLength(2);
  });
});
