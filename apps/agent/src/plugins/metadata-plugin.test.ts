import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MetadataPluginConfig } from '@saba/agent-config';
import { runMetadataPlugin } from './metadata-plugin.ts';

const testdata = join(import.meta.dirname, '../../testdata/plugins');

function plugin(command: string | string[], timeoutSeconds = 5): MetadataPluginConfig {
  return { name: 'meta', command, env: {}, timeoutSeconds, executionIntervalMinutes: 10 };
}

describe('runMetadataPlugin', () => {
  const cases: { name: string; plugin: MetadataPluginConfig; want: unknown; error?: RegExp; logs: number }[] = [
    {
      name: 'good JSON, stderr only logged',
      plugin: plugin([join(testdata, 'metadata.sh'), 'good']),
      want: { role: 'db', ports: [5432] },
      logs: 1,
    },
    { name: 'JSON null is valid', plugin: plugin('echo null'), want: null, logs: 0 },
    {
      name: 'bad JSON',
      plugin: plugin([join(testdata, 'metadata.sh'), 'bad']),
      want: undefined,
      error: /outputs invalid JSON: "not json\\n"/,
      logs: 0,
    },
    { name: 'empty output', plugin: plugin('true'), want: undefined, error: /invalid JSON/, logs: 0 },
    {
      name: 'non-zero exit',
      plugin: plugin([join(testdata, 'metadata.sh'), 'fail']),
      want: undefined,
      error: /exits with: 3/,
      logs: 0,
    },
    { name: 'timeout', plugin: plugin('sleep 30', 1), want: undefined, error: /command timed out/, logs: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const logs: string[] = [];
      const got = await runMetadataPlugin(c.plugin, (l) => logs.push(l));
      if (c.error) {
        assert.ok(got instanceof Error);
        assert.match(got.message, c.error);
      } else {
        assert.deepEqual(got, c.want);
      }
      assert.equal(logs.length, c.logs);
    });
  }
});
