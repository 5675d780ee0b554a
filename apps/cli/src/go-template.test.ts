import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executeGoTemplate } from './go-template.ts';

// Hosts as GET /api/v0/hosts returns them; templates written for mkr use Go's field names.
const HOSTS = [
  {
    id: 'h1',
    name: 'web-1',
    status: 'working',
    isRetired: false,
    createdAt: 1700000000,
    roles: { shop: ['app', 'web'] },
    meta: { 'agent-version': '0.80.0', kernel: { release: '6.1' } },
    interfaces: [{ name: 'eth0', ipv4Addresses: ['10.0.0.1'] }],
  },
  {
    id: 'h2',
    name: 'db-1',
    displayName: 'Primary DB',
    status: 'maintenance',
    isRetired: false,
    createdAt: 1700000001,
    roles: {},
    meta: {},
    interfaces: [],
  },
];

test('the Go text/template subset mkr users write', () => {
  const cases: [string, string][] = [
    ['{{range .}}{{.ID}}{{"\\n"}}{{end}}', 'h1\nh2\n'],
    ['{{range .}}{{.id}} {{.Name}} {{.Status}}\n{{end}}', 'h1 web-1 working\nh2 db-1 maintenance\n'],
    ['{{range .}}{{.Meta.AgentVersion}},{{end}}', '0.80.0,<no value>,'],
    ['{{(index . 0).Meta.Kernel.release}}', '6.1'],
    ['{{range .}}{{if .DisplayName}}{{.DisplayName}}{{else}}{{.Name}}{{end}};{{end}}', 'web-1;Primary DB;'],
    [
      '{{range .}}{{if eq .Status "working"}}up{{else if eq .Status "maintenance"}}mnt{{else}}?{{end}} {{end}}',
      'up mnt ',
    ],
    ['{{range $i, $h := .}}{{$i}}={{$h.Name}} {{end}}', '0=web-1 1=db-1 '],
    [
      '{{range .}}{{printf "%-8s|%5d|%.1f" .Name .CreatedAt 1.25}}{{"\\n"}}{{end}}',
      'web-1   |1700000000|1.2\ndb-1    |1700000001|1.2\n',
    ],
    ['{{with index . 0}}{{.Name}}{{end}}', 'web-1'],
    ['{{range (index . 0).Roles}}{{range .}}{{.}} {{end}}{{end}}', 'app web '],
    ['{{range $svc, $roles := (index . 0).Roles}}{{$svc}}:{{len $roles}}{{end}}', 'shop:2'],
    ['{{len .}} hosts', '2 hosts'],
    ['{{range .}}{{.Name | printf "%q"}} {{end}}', '"web-1" "db-1" '],
    ['{{(index . 0).Roles}}', 'map[shop:[app web]]'],
    ['{{range .}}{{- .Name -}} {{end}}', 'web-1db-1'],
    ['{{/* a comment */}}{{if and (gt (len .) 1) (not false)}}many{{end}}', 'many'],
    ['{{range (index . 1).Roles}}x{{else}}none{{end}}', 'none'],
    ['{{$n := len .}}{{$n}}', '2'],
    ['{{print 1 2 "a" "b"}} {{println "x" 3}}', '1 2ab x 3\n'],
    [
      '{{printf "%v %s %t %x %5.2f%%" .  "s" true 255 3.14159}}',
      `${'[map[createdAt:1700000000 id:h1 interfaces:[map[ipv4Addresses:[10.0.0.1] name:eth0]] isRetired:false meta:map[agent-version:0.80.0 kernel:map[release:6.1]] name:web-1 roles:map[shop:[app web]] status:working] map[createdAt:1700000001 displayName:Primary DB id:h2 interfaces:[] isRetired:false meta:map[] name:db-1 roles:map[] status:maintenance]]'} s true ff  3.14%`,
    ],
  ];
  for (const [template, want] of cases) assert.equal(executeGoTemplate(template, HOSTS), want, template);
});

test('anything outside the subset is a clear error, never a silent difference', () => {
  const cases: [string, RegExp][] = [
    ['{{json .}}', /^template: format: function "json" not defined$/],
    ['{{define "x"}}a{{end}}', /\{\{define\}\} is not supported/],
    ['{{template "x" .}}', /\{\{template\}\} is not supported/],
    ['{{range .}}{{.Name}}', /has no \{\{end\}\}/],
    ['{{end}}', /unexpected \{\{end\}\}/],
    ['{{.Name', /unclosed action/],
    ['{{"a" 1}}', /can't give argument to non-function/],
    ['{{$nope}}', /undefined variable: \$nope/],
    ['{{lt 1 "a"}}', /incompatible types/],
    ['{{range .}}{{end}}{{.Missing}}', /can't evaluate field Missing/],
  ];
  for (const [template, message] of cases) {
    assert.throws(() => executeGoTemplate(template, HOSTS), { name: 'TemplateError', message }, template);
  }
});
