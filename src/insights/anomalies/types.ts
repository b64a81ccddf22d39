/** The shapes of anomaly detection (contract: insights-api, "Anomalies"). */
export type AnomalyKind = 'spike' | 'drop' | 'level_shift';
export type AnomalyMetric = 'volume' | 'error_rate';
export type BaselineKind = 'seasonal' | 'rolling';

/** Evenly spaced buckets: values[i] covers [start + i*step, start + (i+1)*step). */
export interface Series {
  start: number;
  step: number;
  values: number[];
  /** For rates: the number of events behind each value (a rate over 3 events is not evidence). */
  weights?: number[];
}

export interface DetectOptions {
  /** Only buckets starting at or after this are judged; the earlier ones are history. */
  from: number;
  /** Robust z at which a bucket is anomalous (default 4); a window goes on while |z| >= half of it. */
  threshold?: number;
  /** The season (default one day); the seasonal baseline needs `minSeasons` earlier values of the bucket. */
  period?: number;
  minSeasons?: number;
  /** Buckets before the judged one that make the rolling baseline (default 12). */
  window?: number;
  /** Consecutive anomalous buckets that make a level shift rather than a spike or a drop (default 6). */
  shiftBuckets?: number;
  /** 'count': Poisson noise floor; 'rate': binomial floor over `weights`. */
  kind?: 'count' | 'rate';
  /** Smallest absolute difference worth a report (default 5 for counts, 0.05 for rates). */
  minDelta?: number;
  /** For rates: buckets with fewer events are not judged (default 20). */
  minWeight?: number;
}

export interface Detection {
  kind: AnomalyKind;
  from: number;
  to: number;
  /** Mean observed and expected value over the window; score is the largest |robust z| in it, signed. */
  observed: number;
  expected: number;
  score: number;
  baseline: BaselineKind;
}

export interface Anomaly extends Detection {
  id: string;
  service: string;
  patternId: string | null;
  metric: AnomalyMetric;
}
