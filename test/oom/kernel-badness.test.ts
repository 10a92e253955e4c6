import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  globalTotalPages,
  memcgTotalPages,
  type OomCandidate,
  oomBadness,
  predictOomKillOrder,
} from '../../src/oom/kernel-badness';

// 8 GiB of RAM, no swap, 4 KiB pages.
const TOTAL = 2097152n;

describe('oomBadness (mm/oom_kill.c oom_badness)', () => {
  const cases: {
    name: string;
    c: OomCandidate;
    total?: bigint;
    points?: bigint;
    exempt?: string;
  }[] = [
    {
      name: 'baseline is rss + swap entries + page-table pages',
      c: { id: 'a', rssPages: 1000, swapPages: 200, pageTablesBytes: 4096 * 2, oomScoreAdj: 0 },
      points: 1202n,
    },
    {
      name: 'page-table bytes are truncated to whole pages',
      c: { id: 'a', rssPages: 10, pageTablesBytes: 4095, oomScoreAdj: 0 },
      points: 10n,
    },
    {
      name: 'rssBytes are converted to pages rounding down',
      c: { id: 'a', rssBytes: 4096 * 5 + 100, oomScoreAdj: 0 },
      points: 5n,
    },
    {
      name: 'adj is scaled by totalpages/1000 with integer division first',
      // 2097152 / 1000 = 2097 (not 2097.152); 500 * 2097 = 1048500
      c: { id: 'a', rssPages: 0, oomScoreAdj: 500 },
      points: 1048500n,
    },
    {
      name: 'a negative adj can push points below zero; the task stays eligible',
      c: { id: 'a', rssPages: 100, oomScoreAdj: -999 },
      points: 100n - 999n * 2097n,
    },
    {
      name: 'totalpages below 1000 makes adj worthless',
      c: { id: 'a', rssPages: 7, oomScoreAdj: 1000 },
      total: 999n,
      points: 7n,
    },
    {
      name: 'OOM_SCORE_ADJ_MIN is never scored',
      c: { id: 'a', rssPages: 1_000_000, oomScoreAdj: -1000 },
      exempt: 'oom-score-adj-min',
    },
    {
      name: 'MMF_OOM_SKIP (already reaped) is never scored',
      c: { id: 'a', rssPages: 5, oomScoreAdj: 0, oomSkip: true },
      exempt: 'oom-skip',
    },
    {
      name: 'a vfork child is never scored',
      c: { id: 'a', rssPages: 5, oomScoreAdj: 0, inVfork: true },
      exempt: 'in-vfork',
    },
    {
      name: 'kernel threads and global init are unkillable',
      c: { id: 'a', rssPages: 5, oomScoreAdj: 1000, unkillable: true },
      exempt: 'unkillable',
    },
    {
      name: 'a task without mm is not scored',
      c: { id: 'a', oomScoreAdj: 0, noMm: true },
      exempt: 'no-mm',
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const r = oomBadness(tc.c, tc.total ?? TOTAL)._unsafeUnwrap();
      if (tc.exempt) expect(r).toEqual({ eligible: false, exemption: tc.exempt });
      else expect(r.eligible && r.points).toBe(tc.points);
    });
  }

  it('rejects malformed input with typed errors', () => {
    expect(
      oomBadness({ id: 'x', rssPages: 1, oomScoreAdj: 1001 }, TOTAL)._unsafeUnwrapErr().code,
    ).toBe('invalid-oom-score-adj');
    expect(
      oomBadness({ id: 'x', rssPages: -1, oomScoreAdj: 0 }, TOTAL)._unsafeUnwrapErr(),
    ).toMatchObject({
      code: 'invalid-count',
      field: 'rssPages',
    });
    expect(oomBadness({ id: 'x', oomScoreAdj: 0 }, TOTAL)._unsafeUnwrapErr().code).toBe(
      'missing-rss',
    );
    expect(oomBadness({ id: 'x', rssPages: 1, oomScoreAdj: 0 }, 0)._unsafeUnwrapErr().code).toBe(
      'invalid-total-pages',
    );
    expect(
      oomBadness({ id: 'x', rssPages: 1, oomScoreAdj: 0 }, TOTAL, {
        pageSizeBytes: 0,
      })._unsafeUnwrapErr().code,
    ).toBe('invalid-page-size');
  });
});

describe('totalpages', () => {
  it('global OOM: RAM + swap', () => {
    expect(globalTotalPages(2097152, 524288)).toBe(2621440n);
  });
  it('a count that is not a non-negative integer gives 0, rejected downstream', () => {
    for (const bad of [1.5, -1, Number.NaN, null, 'x', {}] as unknown as number[]) {
      expect(globalTotalPages(bad)).toBe(0n);
      expect(globalTotalPages(10, bad)).toBe(0n);
      expect(memcgTotalPages({ memoryMaxPages: bad, totalSwapPages: 0 })).toBe(0n);
      expect(memcgTotalPages({ memoryMaxPages: 1, swapMaxPages: bad, totalSwapPages: 0 })).toBe(0n);
    }
    expect(memcgTotalPages(undefined as unknown as { memoryMaxPages: 1; totalSwapPages: 0 })).toBe(
      0n,
    );
    const c = { id: 'x', rssPages: 1, oomScoreAdj: 0 };
    expect(predictOomKillOrder([c], globalTotalPages(1.5))._unsafeUnwrapErr().code).toBe(
      'invalid-total-pages',
    );
  });
  it('memcg v2: limit + min(swap.max, total swap) when swappiness > 0', () => {
    expect(memcgTotalPages({ memoryMaxPages: 1000, swapMaxPages: 5000, totalSwapPages: 300 })).toBe(
      1300n,
    );
    expect(
      memcgTotalPages({
        memoryMaxPages: 1000,
        swapMaxPages: 5000,
        totalSwapPages: 300,
        swappiness: 0,
      }),
    ).toBe(1000n);
  });
  it('memcg v1: swap excess from memsw', () => {
    expect(
      memcgTotalPages({ memoryMaxPages: 1000, memswMaxPages: 1200, totalSwapPages: 300 }),
    ).toBe(1200n);
  });
  it('a zero limit counts as one page (mem_cgroup_get_max() ?: 1)', () => {
    expect(memcgTotalPages({ memoryMaxPages: 0, totalSwapPages: 0 })).toBe(1n);
  });
});

describe('predictOomKillOrder', () => {
  it('orders Kubernetes-style containers: BestEffort before Burstable before Guaranteed at equal rss', () => {
    const r = predictOomKillOrder(
      [
        { id: 'guaranteed', rssPages: 100_000, oomScoreAdj: -997 },
        { id: 'burstable', rssPages: 100_000, oomScoreAdj: 500 },
        { id: 'besteffort', rssPages: 100_000, oomScoreAdj: 1000 },
        { id: 'kubelet', rssPages: 100_000, oomScoreAdj: -999 },
        { id: 'pause-exempt', rssPages: 100_000, oomScoreAdj: -1000 },
      ],
      TOTAL,
    )._unsafeUnwrap();
    expect(r.order.map((t) => t.candidate.id)).toEqual([
      'besteffort',
      'burstable',
      'guaranteed',
      'kubelet',
    ]);
    expect(r.exempt).toEqual([
      {
        candidate: expect.objectContaining({ id: 'pause-exempt' }),
        exemption: 'oom-score-adj-min',
      },
    ]);
  });

  it('a big Burstable process outranks a small BestEffort one', () => {
    // 999 adj * 2097 = 2094903; BestEffort 1000 adj → 2097000 + 10 = 2097010.
    const r = predictOomKillOrder(
      [
        { id: 'small-besteffort', rssPages: 10, oomScoreAdj: 1000 },
        { id: 'big-burstable', rssPages: 5000, oomScoreAdj: 999 },
      ],
      TOTAL,
    )._unsafeUnwrap();
    expect(r.order.map((t) => [t.candidate.id, t.points])).toEqual([
      ['big-burstable', 2094903n + 5000n],
      ['small-besteffort', 2097010n],
    ]);
  });

  it('ties go to the task met last in the kernel walk (higher pid), then to the lower id', () => {
    const r = predictOomKillOrder(
      [
        { id: 'b', rssPages: 10, oomScoreAdj: 0, pid: 100 },
        { id: 'a', rssPages: 10, oomScoreAdj: 0, pid: 200 },
        { id: 'd', rssPages: 10, oomScoreAdj: 0 },
        { id: 'c', rssPages: 10, oomScoreAdj: 0 },
      ],
      TOTAL,
    )._unsafeUnwrap();
    expect(r.order.map((t) => t.candidate.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('an oom-origin task is chosen first with LONG_MAX', () => {
    const r = predictOomKillOrder(
      [
        { id: 'huge', rssPages: 2_000_000, oomScoreAdj: 1000 },
        { id: 'swapoff', rssPages: 1, oomScoreAdj: -999, oomOrigin: true },
      ],
      TOTAL,
    )._unsafeUnwrap();
    expect(r.order[0]).toMatchObject({ candidate: { id: 'swapoff' }, why: 'oom-origin' });
    expect(r.order[0]?.points).toBe((1n << 63n) - 1n);
  });

  it('a victim still exiting aborts the selection; a reaped victim is skipped', () => {
    const r = predictOomKillOrder(
      [
        { id: 'x', rssPages: 10, oomScoreAdj: 0 },
        { id: 'dying', rssPages: 10, oomScoreAdj: 0, oomVictim: true },
        { id: 'reaped', rssPages: 10, oomScoreAdj: 0, oomVictim: true, oomSkip: true },
      ],
      TOTAL,
    )._unsafeUnwrap();
    expect(r.abortedBy?.id).toBe('dying');
    expect(r.exempt.map((e) => e.candidate.id)).toEqual(['reaped']);
  });

  it('rejects duplicate ids', () => {
    const c = { id: 'x', rssPages: 1, oomScoreAdj: 0 };
    expect(predictOomKillOrder([c, c], TOTAL)._unsafeUnwrapErr().code).toBe('duplicate-id');
  });

  it('rejects what is not a candidate list with a typed error, never a throw', () => {
    const good = { id: 'x', rssPages: 1, oomScoreAdj: 0 };
    const asCandidates = (v: unknown) => v as OomCandidate[];
    expect(predictOomKillOrder(asCandidates([good, null]), TOTAL)._unsafeUnwrapErr()).toMatchObject(
      { code: 'invalid-candidate', index: 1 },
    );
    expect(predictOomKillOrder(asCandidates([7]), TOTAL)._unsafeUnwrapErr().code).toBe(
      'invalid-candidate',
    );
    expect(predictOomKillOrder(asCandidates('x'), TOTAL)._unsafeUnwrapErr().code).toBe(
      'invalid-candidate',
    );
    expect(oomBadness(null as unknown as OomCandidate, TOTAL)._unsafeUnwrapErr().code).toBe(
      'invalid-candidate',
    );
  });
});

const candidateArb = fc.record({
  rssPages: fc.bigInt({ min: 0n, max: 1n << 40n }),
  swapPages: fc.bigInt({ min: 0n, max: 1n << 30n }),
  pageTablesBytes: fc.bigInt({ min: 0n, max: 1n << 36n }),
  oomScoreAdj: fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(-1000, 1000, 0, -997, 999),
  ),
  pid: fc.option(fc.integer({ min: 1, max: 1 << 22 }), { nil: undefined }),
});
const toCandidate = (
  id: string,
  { pid, ...rest }: { pid: number | undefined } & Omit<OomCandidate, 'id' | 'pid'>,
): OomCandidate => (pid === undefined ? { id, ...rest } : { id, ...rest, pid });
const candidatesArb = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), candidateArb), {
    selector: ([id]) => id,
    maxLength: 25,
  })
  .map((xs) => xs.map(([id, c]) => toCandidate(id, c)));
const totalArb = fc.bigInt({ min: 1n, max: 1n << 42n });

describe('predictOomKillOrder properties', () => {
  fcTest.prop([candidatesArb, totalArb], { numRuns: 300 })(
    'a -1000 task is never chosen',
    (cs, total) => {
      const r = predictOomKillOrder(cs, total)._unsafeUnwrap();
      for (const t of r.order) expect(t.candidate.oomScoreAdj).not.toBe(-1000);
      const exemptIds = new Set(r.exempt.map((e) => e.candidate.id));
      for (const c of cs) if (c.oomScoreAdj === -1000) expect(exemptIds.has(c.id)).toBe(true);
    },
  );

  fcTest.prop([candidatesArb, totalArb], { numRuns: 300 })(
    'points are non-increasing along the order, and match oomBadness',
    (cs, total) => {
      const r = predictOomKillOrder(cs, total)._unsafeUnwrap();
      for (let i = 1; i < r.order.length; i++) {
        expect(r.order[i - 1]!.points >= r.order[i]!.points).toBe(true);
      }
      for (const t of r.order) {
        const b = oomBadness(t.candidate, total)._unsafeUnwrap();
        expect(b.eligible && b.points).toBe(t.points);
      }
    },
  );

  fcTest.prop(
    [
      candidatesArb.chain((cs) =>
        fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length })),
      ),
      totalArb,
    ],
    {
      numRuns: 300,
    },
  )('the result does not depend on input order', ([cs, shuffled], total) => {
    const a = predictOomKillOrder(cs, total)._unsafeUnwrap();
    const b = predictOomKillOrder(shuffled, total)._unsafeUnwrap();
    expect(b.order.map((t) => t.candidate.id)).toEqual(a.order.map((t) => t.candidate.id));
    expect(b.exempt.map((t) => t.candidate.id)).toEqual(a.exempt.map((t) => t.candidate.id));
  });

  fcTest.prop([candidateArb, totalArb], { numRuns: 300 })(
    'raising oom_score_adj never lowers the score',
    (c, total) => {
      const base = toCandidate('x', c);
      const lo = oomBadness({ ...base, oomScoreAdj: Math.max(-999, c.oomScoreAdj - 1) }, total);
      const hi = oomBadness({ ...base, oomScoreAdj: Math.max(-999, c.oomScoreAdj) }, total);
      const l = lo._unsafeUnwrap();
      const h = hi._unsafeUnwrap();
      if (l.eligible && h.eligible) expect(h.points >= l.points).toBe(true);
    },
  );
});
