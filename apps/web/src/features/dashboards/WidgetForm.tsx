import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Host, Service } from '../../api/types.ts';
import { hostLabel } from '../hosts/host-filter.ts';
import type { WidgetFields } from './widget-form.ts';

const TYPE_NAMES = { graph: 'Graph', value: 'Value', markdown: 'Markdown', alertStatus: 'Alert status' } as const;

function Text(props: {
  label: string;
  name: string;
  value: string;
  onInput: (v: string) => void;
  type?: 'text' | 'number';
  hint?: string;
  list?: string;
}) {
  return (
    <label>
      {props.label}
      {props.hint !== undefined && <span class="muted"> ({props.hint})</span>}
      <input
        name={props.name}
        type={props.type ?? 'text'}
        // Any number: thresholds and reference lines need fractions, and the server judges the rest.
        step={props.type === 'number' ? 'any' : undefined}
        value={props.value}
        list={props.list}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}

function Choice(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  children: ComponentChildren;
}) {
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.children}
      </select>
    </label>
  );
}

/** The form of one widget: its type's fields (docs/dashboards.md); the server checks them on Save. */
export function WidgetForm(props: {
  initial: WidgetFields;
  isNew: boolean;
  hosts: readonly Host[];
  services: readonly Service[];
  onDone: (f: WidgetFields) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState(props.initial);
  const set = (patch: Partial<WidgetFields>) => setF({ ...f, ...patch });
  const text = (
    label: string,
    key: keyof WidgetFields,
    extra: { type?: 'text' | 'number'; hint?: string; list?: string } = {},
  ) => <Text label={label} name={key} value={String(f[key])} onInput={(v) => set({ [key]: v })} {...extra} />;
  const roles = props.services.flatMap((s) => s.roles.map((r) => `${s.name}:${r}`));
  const roleField = (
    <Choice label="Role" name="roleFullname" value={f.roleFullname} onChange={(v) => set({ roleFullname: v })}>
      <option value="">Choose a role</option>
      {roles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Choice>
  );
  const sourceFields = (kind: 'graph' | 'value') => (
    <>
      <Choice
        label={kind === 'graph' ? 'Graph of' : 'Value of'}
        name="source"
        value={f.source}
        onChange={(v) => set({ source: v })}
      >
        <option value="host">a host</option>
        {kind === 'graph' && <option value="role">a role</option>}
        <option value="service">a service</option>
        <option value="expression">an expression</option>
        <option value="query">a PromQL query</option>
      </Choice>
      {f.source === 'host' && (
        <Choice label="Host" name="hostId" value={f.hostId} onChange={(v) => set({ hostId: v })}>
          <option value="">Choose a host</option>
          {props.hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {hostLabel(h)} ({h.id})
            </option>
          ))}
        </Choice>
      )}
      {f.source === 'role' && roleField}
      {f.source === 'role' && (
        <label class="check">
          <input
            name="isStacked"
            type="checkbox"
            checked={f.isStacked}
            onChange={(e) => set({ isStacked: (e.currentTarget as HTMLInputElement).checked })}
          />
          Stack the hosts
        </label>
      )}
      {f.source === 'service' && (
        <Choice label="Service" name="serviceName" value={f.serviceName} onChange={(v) => set({ serviceName: v })}>
          <option value="">Choose a service</option>
          {props.services.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </Choice>
      )}
      {(f.source === 'host' || f.source === 'role' || f.source === 'service') &&
        text(kind === 'graph' ? 'Graph name' : 'Metric name', 'name', {
          hint: kind === 'graph' ? 'loadavg5, cpu, memory, custom.foo…' : 'loadavg5, custom.foo.bar…',
        })}
      {f.source === 'expression' && (
        <label>
          Expression
          <textarea
            name="expression"
            rows={2}
            value={f.expression}
            onInput={(e) => set({ expression: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
      )}
      {f.source === 'query' && (
        <>
          {text('PromQL query', 'query')}
          {text('Legend', 'legend', { hint: '{{label}} templates' })}
        </>
      )}
    </>
  );
  return (
    <form
      class="widget-form"
      aria-label={`${props.isNew ? 'New' : 'Edit'} ${TYPE_NAMES[f.type]} widget`}
      onSubmit={(e) => {
        e.preventDefault();
        props.onDone(f);
      }}
    >
      <h2>
        {props.isNew ? 'New' : 'Edit'} {TYPE_NAMES[f.type].toLowerCase()} widget
      </h2>
      {text('Title', 'title')}
      {f.type === 'graph' && (
        <>
          {sourceFields('graph')}
          <Choice label="Range" name="rangeType" value={f.rangeType} onChange={(v) => set({ rangeType: v })}>
            <option value="">Follow the dashboard</option>
            <option value="relative">Relative to now</option>
            <option value="absolute">Fixed window</option>
          </Choice>
          {f.rangeType === 'relative' && (
            <div class="form-row">
              {text('Period (hours)', 'periodHours', { type: 'number' })}
              {text('Offset (hours, negative is the past)', 'offsetHours', { type: 'number' })}
            </div>
          )}
          {f.rangeType === 'absolute' && (
            <div class="form-row">
              {text('Start (epoch seconds)', 'start', { type: 'number' })}
              {text('End (epoch seconds)', 'end', { type: 'number' })}
            </div>
          )}
          <div class="form-row">
            {text('Y axis min', 'min', { type: 'number' })}
            {text('Y axis max', 'max', { type: 'number' })}
          </div>
          <div class="form-row">
            {text('Reference line label', 'lineLabel')}
            {text('Reference line value', 'lineValue', { type: 'number' })}
          </div>
          {(f.source === 'host' || f.source === 'service') &&
            text('Show only these series', 'legendList', { hint: 'comma-separated; empty shows all' })}
        </>
      )}
      {f.type === 'value' && (
        <>
          {sourceFields('value')}
          <div class="form-row">
            {text('Decimals', 'fractionSize', { type: 'number' })}
            {text('Suffix', 'suffix')}
          </div>
          <div class="form-row">
            {text('Highlight name', 'ruleName')}
            <Choice
              label="When the value is"
              name="ruleOperator"
              value={f.ruleOperator}
              onChange={(v) => set({ ruleOperator: v })}
            >
              <option value=">">above</option>
              <option value="<">below</option>
            </Choice>
            {text('Threshold', 'ruleThreshold', { type: 'number' })}
          </div>
        </>
      )}
      {f.type === 'markdown' && (
        <label>
          Markdown
          <textarea
            name="markdown"
            rows={8}
            value={f.markdown}
            onInput={(e) => set({ markdown: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
      )}
      {f.type === 'alertStatus' && roleField}
      <div class="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary">
          {props.isNew ? 'Add' : 'Apply'}
        </button>
      </div>
    </form>
  );
}
