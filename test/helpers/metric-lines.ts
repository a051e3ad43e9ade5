import { logsOfThisWorker } from "./watched-secrets";

/** One metric as an embedded metric format line holds it: its value and dimensions. */
export interface MetricPoint {
  name: string;
  value: number;
  dimensions: Record<string, string>;
}

/**
 * The EMF lines this worker has written since `mark` (the log's length when
 * taken, `metricsMark()`), as metric points: what CloudWatch would extract.
 */
export function metricPointsSince(mark: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const line of logsOfThisWorker().slice(mark).split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as Record<string, unknown> & {
      _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    };
    for (const directive of entry._aws?.CloudWatchMetrics ?? []) {
      const dimensions = Object.fromEntries(directive.Dimensions.flat().map((d) => [d, String(entry[d])]));
      for (const { Name } of directive.Metrics) points.push({ name: Name, value: Number(entry[Name]), dimensions });
    }
  }
  return points;
}

export const metricsMark = (): number => logsOfThisWorker().length;
