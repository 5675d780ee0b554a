// The proof: train on a generated role's first days, score the rest minute by minute,
// open and close alerts as the engine's life cycle does (maxCheckAttempts consecutive abnormal
// minutes open one, a good minute closes it), and count caught anomalies and false alerts, per
// sensitivity, for the GMM and for a single Gaussian.
import { unixSec } from '@saba/model';
import { FEATURE_COUNT } from '../features.ts';
import { anomalyScore, type RoleModel, scoringScratch, trainRoleModel } from '../role-model.ts';
import type { Sensitivity } from '../thresholds.ts';
import { type AnomalyKind, DAY_MINUTES, hostMinutes, type InjectedAnomaly, type RoleShape } from './role-data.ts';

/** An alert that stays open this long after an anomaly's end still belongs to it (loadavg15 decays over ~15 min). */
const GRACE_MINUTES = 15;

/** One line of the table. */
export interface EvaluationRow {
  readonly model: string;
  readonly sensitivity: Sensitivity;
  readonly caught: number;
  readonly injected: number;
  readonly caughtByKind: Readonly<Record<AnomalyKind, number>>;
  readonly falseAlerts: number;
  readonly falsePerHostWeek: number;
}

/** The evaluation's result. */
export interface Evaluation {
  readonly rows: readonly EvaluationRow[];
  readonly models: Readonly<Record<string, RoleModel>>;
  readonly anomalies: readonly InjectedAnomaly[];
}

const SENSITIVITIES: readonly Sensitivity[] = ['insensitive', 'normal', 'sensitive'];

/** Runs the evaluation on `shape` with `anomalies`; models are trained on days before `anomaliesFromDay`. */
export function evaluate(shape: RoleShape, anomalies: readonly InjectedAnomaly[], maxCheckAttempts = 3): Evaluation {
  const d = FEATURE_COUNT;
  const trainMinutes = shape.anomaliesFromDay * DAY_MINUTES;
  const minutes = shape.days * DAY_MINUTES;
  const hosts = Array.from({ length: shape.hosts }, (_, h) =>
    hostMinutes(
      shape,
      h,
      anomalies.filter((a) => a.host === h),
    ),
  );
  const train = new Float64Array(shape.hosts * trainMinutes * d);
  hosts.forEach((rows, h) => {
    train.set(rows.subarray(0, trainMinutes * d), h * trainMinutes * d);
  });
  const window = { from: unixSec(0), to: unixSec(trainMinutes * 60) };
  const models: Record<string, RoleModel> = {
    gmm: trainRoleModel(train, shape.hosts * trainMinutes, { ...window, maxK: 8 }),
    'single Gaussian': trainRoleModel(train, shape.hosts * trainMinutes, { ...window, maxK: 1 }),
  };
  const rows: EvaluationRow[] = [];
  const testWeeks = (shape.days - shape.anomaliesFromDay) / 7;
  for (const [name, model] of Object.entries(models)) {
    const opened: { host: number; minute: number; sensitivity: Sensitivity }[] = [];
    const scratch = scoringScratch(model);
    hosts.forEach((data, host) => {
      const run: Record<Sensitivity, number> = { insensitive: 0, normal: 0, sensitive: 0 };
      for (let t = trainMinutes; t < minutes; t++) {
        const score = anomalyScore(model, data, t * d, scratch);
        for (const s of SENSITIVITIES) {
          if (score > model.thresholds[s]) {
            run[s]++;
            if (run[s] === maxCheckAttempts) opened.push({ host, minute: t, sensitivity: s });
          } else run[s] = 0;
        }
      }
    });
    for (const s of SENSITIVITIES) {
      const alerts = opened.filter((o) => o.sensitivity === s);
      const caughtByKind: Record<AnomalyKind, number> = { leak: 0, spike: 0, swap: 0, diverge: 0 };
      let caught = 0;
      for (const a of anomalies) {
        if (alerts.some((o) => o.host === a.host && o.minute >= a.start && o.minute < a.end)) {
          caught++;
          caughtByKind[a.kind]++;
        }
      }
      const falseAlerts = alerts.filter(
        (o) => !anomalies.some((a) => a.host === o.host && o.minute >= a.start && o.minute < a.end + GRACE_MINUTES),
      ).length;
      rows.push({
        model: name,
        sensitivity: s,
        caught,
        injected: anomalies.length,
        caughtByKind,
        falseAlerts,
        falsePerHostWeek: falseAlerts / (shape.hosts * testWeeks),
      });
    }
  }
  return { rows, models, anomalies };
}

/** The evaluation as a Markdown table. */
export function evaluationTable(e: Evaluation): string {
  const lines = [
    '| model | sensitivity | caught | leak | spike | swap | diverge | false alerts | false / host / week |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const per = (kind: AnomalyKind): number => e.anomalies.filter((a) => a.kind === kind).length;
  for (const r of e.rows) {
    const k = r.caughtByKind;
    lines.push(
      `| ${r.model} | ${r.sensitivity} | ${r.caught}/${r.injected} (${((100 * r.caught) / r.injected).toFixed(0)} %) | ` +
        `${k.leak}/${per('leak')} | ${k.spike}/${per('spike')} | ${k.swap}/${per('swap')} | ${k.diverge}/${per('diverge')} | ` +
        `${r.falseAlerts} | ${r.falsePerHostWeek.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}
