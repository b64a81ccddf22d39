/** Anomalies (issue 17): volume and error rate per service against a seasonal or rolling robust baseline. */
export { detectAnomalies, median } from './detect.js';
export { scanAnomalies, seriesOf, bucketOf, anomalyId, HISTORY_DAYS, type ScanOptions } from './scan.js';
export type { Anomaly, AnomalyKind, AnomalyMetric, BaselineKind, Detection, DetectOptions, Series } from './types.js';
