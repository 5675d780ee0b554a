import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterStyle, safeUrl } from './markdown-policy.ts';

describe('filterStyle keeps color, background-color and text-decoration only', () => {
  const cases: Array<[string, string]> = [
    ['color: red', 'color: red'],
    ['COLOR: #f00; background-color: rgb(0, 0, 0)', 'color: #f00; background-color: rgb(0, 0, 0)'],
    ['text-decoration: underline; position: fixed; top: 0', 'text-decoration: underline'],
    ['background-color: red; background-image: url(https://evil.example/x)', 'background-color: red'],
    ['background-color: url(javascript:alert(1))', ''],
    ['color: expression(alert(1))', ''],
    ['color: \\72 ed', ''],
    ['width: 100%; height: 9999px', ''],
    ['color:', ''],
    ['nonsense', ''],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => assert.equal(filterStyle(input), want));
});

describe('safeUrl', () => {
  const cases: Array<[string, boolean]> = [
    ['https://example.com/x.png', true],
    ['http://example.com', true],
    ['mailto:ops@example.com', true],
    ['/hosts/abc', true],
    ['#top', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    [' java\tscript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:msgbox', false],
  ];
  for (const [url, want] of cases) test(JSON.stringify(url), () => assert.equal(safeUrl(url), want));
});
