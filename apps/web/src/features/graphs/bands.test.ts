import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChartBand, placeBands } from './bands.ts';

const band = (id: string, from: number, to: number): ChartBand => ({ id, title: id, description: '', from, to });

test('placeBands clips bands to the window as fractions of it and gives overlapping labels their own lanes', () => {
  const cases: Array<{
    what: string;
    bands: ChartBand[];
    from: number;
    to: number;
    want: Array<{ id: string; left: number; width: number; lane: number }>;
  }> = [
    { what: 'nothing', bands: [], from: 0, to: 100, want: [] },
    { what: 'an empty window shows nothing', bands: [band('a', 0, 10)], from: 50, to: 50, want: [] },
    {
      what: 'a band inside the window',
      bands: [band('a', 25, 50)],
      from: 0,
      to: 100,
      want: [{ id: 'a', left: 0.25, width: 0.25, lane: 0 }],
    },
    {
      what: 'bands outside are left out; those across an edge are clipped to it',
      bands: [band('before', 0, 9), band('start', 5, 20), band('end', 90, 200), band('after', 101, 150)],
      from: 10,
      to: 100,
      want: [
        { id: 'start', left: 0, width: 10 / 90, lane: 0 },
        { id: 'end', left: 80 / 90, width: 10 / 90, lane: 0 },
      ],
    },
    {
      what: 'an instant (from = to) has no width; one touching an edge still shows',
      bands: [band('deploy', 40, 40), band('edge', 100, 100)],
      from: 0,
      to: 100,
      want: [
        { id: 'deploy', left: 0.4, width: 0, lane: 0 },
        { id: 'edge', left: 1, width: 0, lane: 0 },
      ],
    },
    {
      what: 'labels that would cover each other take the next lane; a fourth shares the first',
      bands: [band('d', 22, 23), band('a', 0, 50), band('b', 10, 11), band('c', 20, 21)],
      from: 0,
      to: 100,
      want: [
        { id: 'a', left: 0, width: 0.5, lane: 0 },
        { id: 'b', left: 0.1, width: 0.01, lane: 1 },
        { id: 'c', left: 0.2, width: 0.01, lane: 2 },
        { id: 'd', left: 0.22, width: 0.01, lane: 0 },
      ],
    },
    {
      what: 'a label lane frees once the band before it has ended',
      bands: [band('a', 0, 20), band('b', 30, 40)],
      from: 0,
      to: 100,
      want: [
        { id: 'a', left: 0, width: 0.2, lane: 0 },
        { id: 'b', left: 0.3, width: 0.1, lane: 0 },
      ],
    },
  ];
  for (const c of cases) {
    const got = placeBands(c.bands, c.from, c.to).map(({ id, left, width, lane }) => ({ id, left, width, lane }));
    assert.equal(got.length, c.want.length, c.what);
    got.forEach((g, i) => {
      const w = c.want[i] as (typeof c.want)[number];
      assert.equal(g.id, w.id, c.what);
      assert.ok(Math.abs(g.left - w.left) < 1e-9, `${c.what}: left of ${g.id}`);
      assert.ok(Math.abs(g.width - w.width) < 1e-9, `${c.what}: width of ${g.id}`);
      assert.equal(g.lane, w.lane, `${c.what}: lane of ${g.id}`);
    });
  }
});
