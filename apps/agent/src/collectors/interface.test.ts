import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LINUX_REAL_INTERFACES, readTestdata } from '../testing/collector-test-kit.ts';
import { addCounterRates } from './counter-rate.ts';
import { INTERFACE_SUFFIXES, parseNetDev } from './interface.ts';

// netdev-variety/t0: lo, eth0, eth0.100 (VLAN, a dot), docker0, veth1a2b3c4, br-0123abcd,
// ifb0 (all zero) and wlan0 (a malformed line with 8 numbers).
const parseCases: { name: string; ignore?: RegExp; want: Record<string, [number, number]> }[] = [
  {
    name: 'lo, veth* and short lines dropped; all-zero ifb0 kept; names sanitised',
    want: {
      eth0: [5461472598, 7215710422],
      eth0_100: [120000000, 60000000],
      docker0: [250219988, 2024726607],
      'br-0123abcd': [900000, 800000],
      ifb0: [0, 0],
    },
  },
  {
    name: '[interfaces] ignore tested against the sanitised name',
    ignore: /^(docker|br-)|_100$/,
    want: { eth0: [5461472598, 7215710422], ifb0: [0, 0] },
  },
];

for (const c of parseCases) {
  test(`parseNetDev: ${c.name}`, async () => {
    const got = parseNetDev(await readTestdata('netdev-variety', 't0', 'proc', 'net', 'dev'), c.ignore);
    assert.deepEqual(Object.fromEntries(got), c.want);
  });
}

const rateCases = [
  {
    // eth0: rx 5467472598 − 5461472598 = 6000000 bytes over 60 s → 100000 B/s; tx 1200000 → 20000 B/s.
    name: 'variety over 60 s',
    dir: 'netdev-variety',
    want: {
      'interface.eth0.rxBytes.delta': 100000,
      'interface.eth0.txBytes.delta': 20000,
      'interface.eth0_100.rxBytes.delta': 10000,
      'interface.eth0_100.txBytes.delta': 5000,
      'interface.docker0.rxBytes.delta': 2000,
      'interface.docker0.txBytes.delta': 2000,
      'interface.br-0123abcd.rxBytes.delta': 1000,
      'interface.br-0123abcd.txBytes.delta': 500,
      'interface.ifb0.rxBytes.delta': 0,
      'interface.ifb0.txBytes.delta': 0,
    },
  },
  { name: 'real capture (idle link)', dir: 'linux-real', want: LINUX_REAL_INTERFACES },
  {
    // eth0 rx wrapped (4294967000 → 1000): skipped, as the agent's `currValue >= prevValue` does;
    // tx (6200 − 5000)/60 = 20. eth1 vanished and eth2 appeared: no rate for either.
    name: 'counter wrap, interfaces coming and going',
    dir: 'counter-wrap',
    want: { 'interface.eth0.txBytes.delta': 20 },
  },
];

for (const c of rateCases) {
  test(`interface rates: ${c.name}`, async () => {
    const prev = parseNetDev(await readTestdata(c.dir, 't0', 'proc', 'net', 'dev'));
    const curr = parseNetDev(await readTestdata(c.dir, 't1', 'proc', 'net', 'dev'));
    const out: Record<string, number> = {};
    addCounterRates(prev, curr, 60, 'interface.', INTERFACE_SUFFIXES, out);
    assert.deepEqual(out, c.want);
  });
}
