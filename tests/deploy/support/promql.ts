// The PromQL in the Grafana dashboard and the PrometheusRule, parsed with Prometheus' own grammar
// (@prometheus-io/lezer-promql), to list the metric names and label matchers it uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { REPO, parseYamlFile } from './manifests';

export const DASHBOARD_FILE = path.join(REPO, 'deploy/grafana/checkout-saga-dashboard.json');
export const RULES_FILE = path.join(REPO, 'deploy/base/prometheus-rule.yaml');

export interface Query {
  where: string;
  expr: string;
}

/** Grafana's variables, replaced by values of the same kind so the query parses as PromQL. */
export function substituteGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{[a-zA-Z_]\w*(:[a-z]+)?\}/g, 'x')
    .replace(/\$[a-zA-Z_]\w*/g, 'x');
}

export interface ParsedQuery {
  metrics: string[];
  /** Label matchers with =, as [label, value]. */
  equalities: Array<[string, string]>;
}

export function parsePromql(expr: string): ParsedQuery {
  const text = substituteGrafanaVariables(expr);
  const tree = parser.parse(text);
  const metrics = new Set<string>();
  const equalities: Array<[string, string]> = [];
  const errors: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError)
        errors.push(
          `syntax error at ${ref.from}: ${JSON.stringify(text.slice(Math.max(0, ref.from - 20), ref.to + 20))}`,
        );
      if (ref.name === 'VectorSelector') {
        const id = ref.node.getChild('Identifier');
        if (id) metrics.add(text.slice(id.from, id.to));
      }
      if (ref.name === 'UnquotedLabelMatcher' || ref.name === 'QuotedLabelMatcher') {
        const node = ref.node;
        const label = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
        const op = node.getChild('MatchOp');
        const value = node.getChild('StringLiteral');
        if (label && op && value && text.slice(op.from, op.to) === '=') {
          const name = text.slice(label.from, label.to).replace(/^"|"$/g, '');
          const v = JSON.parse(text.slice(value.from, value.to).replace(/^'(.*)'$/, '"$1"')) as string;
          if (name === '__name__') metrics.add(v);
          else equalities.push([name, v]);
        }
      }
    },
  });
  if (errors.length) throw new Error(`${expr}\n${errors.join('\n')}`);
  return { metrics: [...metrics], equalities };
}

interface GrafanaPanel {
  id: number;
  title: string;
  type: string;
  targets?: Array<{ expr?: string }>;
  panels?: GrafanaPanel[];
}

export function dashboard(): {
  panels: GrafanaPanel[];
  templating: { list: Array<{ name: string; query?: unknown; definition?: string }> };
} {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
}

/** Every PromQL query of the dashboard: panel targets and `label_values(<selector>, label)` variables. */
export function dashboardQueries(): Query[] {
  const d = dashboard();
  const out: Query[] = [];
  const walk = (panels: GrafanaPanel[]) => {
    for (const p of panels) {
      for (const [i, t] of (p.targets ?? []).entries())
        if (t.expr) out.push({ where: `panel "${p.title}" target ${i}`, expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk(d.panels);
  for (const v of d.templating.list) {
    const q = typeof v.query === 'string' ? v.query : (v.query as { query?: string } | undefined)?.query;
    const m = q && /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(q.trim());
    if (m) out.push({ where: `variable ${v.name}`, expr: m[1]! });
  }
  return out;
}

export function ruleQueries(): Query[] {
  const [rule] = parseYamlFile(RULES_FILE) as Array<{
    spec: { groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }> };
  }>;
  return rule!.spec.groups.flatMap((g) =>
    g.rules.map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: String(r.expr) })),
  );
}

/** The metric family a series name belongs to (histogram suffixes removed when the base is a histogram). */
export function familyOf(name: string, histograms: ReadonlySet<string>): string {
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  return m && histograms.has(m[1]!) ? m[1]! : name;
}
