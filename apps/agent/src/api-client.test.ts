import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentConfig } from '@saba/agent-config';
import { proxies } from './api-client.ts';

const config = (apibase: string, extra: Partial<AgentConfig> = {}) => ({ apibase, ...extra }) as AgentConfig;

const cases: [string, AgentConfig, NodeJS.ProcessEnv, ReturnType<typeof proxies>][] = [
  [
    'config wins over the environment',
    config('https://api.example.com', { httpProxy: 'http://p:3128' }),
    { HTTPS_PROXY: 'http://env:1' },
    { httpProxy: 'http://p:3128' },
  ],
  [
    'config https_proxy alone',
    config('https://api.example.com', { httpsProxy: 'direct' }),
    { HTTP_PROXY: 'http://env:1' },
    { httpsProxy: 'direct' },
  ],
  [
    'HTTP_PROXY only: https goes direct, as in Go',
    config('http://saba.example.com'),
    { HTTP_PROXY: 'http://env:1' },
    { httpProxy: 'http://env:1', httpsProxy: 'direct' },
  ],
  [
    'lower-case variables',
    config('https://saba.example.com'),
    { https_proxy: 'http://env:2' },
    { httpsProxy: 'http://env:2' },
  ],
  ['loopback is never proxied', config('http://127.0.0.1:8080'), { HTTP_PROXY: 'http://env:1' }, {}],
  ['localhost is never proxied', config('http://localhost:8080'), { HTTP_PROXY: 'http://env:1' }, {}],
  ['IPv6 loopback is never proxied', config('http://[::1]:8080'), { HTTP_PROXY: 'http://env:1' }, {}],
  [
    'NO_PROXY domain suffix',
    config('https://saba.corp.example'),
    { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'other, .corp.example' },
    {},
  ],
  [
    'NO_PROXY exact host with a port',
    config('https://saba.corp.example'),
    { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'saba.corp.example:443' },
    {},
  ],
  ['NO_PROXY star', config('https://saba.corp.example'), { HTTPS_PROXY: 'http://env:1', no_proxy: '*' }, {}],
  [
    'NO_PROXY that does not match',
    config('https://saba.corp.example'),
    { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'example.org' },
    { httpsProxy: 'http://env:1' },
  ],
  ['nothing set', config('https://saba.example.com'), {}, { httpsProxy: 'direct' }],
];

for (const [name, c, env, want] of cases) {
  test(`proxies: ${name}`, () => {
    assert.deepEqual(proxies(c, env), want);
  });
}
