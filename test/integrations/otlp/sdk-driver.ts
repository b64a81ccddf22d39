// The real OpenTelemetry JS SDK (sdk-logs + the OTLP/HTTP exporters) logging to the URL in OTLP_URL with the
// key in OTLP_KEY, in the encoding named by argv[2] ("json" or "protobuf"); prints each export's result code
// (0 success, 1 failed) and error as JSON on stdout.
import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';

const encoding = process.argv[2] === 'protobuf' ? 'protobuf' : 'json';
const options = { url: process.env.OTLP_URL!, headers: { Authorization: `Bearer ${process.env.OTLP_KEY}` } };
const real = encoding === 'protobuf' ? new ProtoExporter(options) : new JsonExporter(options);
const results: Array<{ code: number; error?: string }> = [];
// The real exporter, with its results recorded (the SDK itself only reports them to its diagnostic logger).
const exporter: LogRecordExporter = {
  export: (logs, done) => real.export(logs, (result) => {
    results.push({ code: result.code, error: result.error?.message });
    done(result);
  }),
  shutdown: () => real.shutdown(),
  forceFlush: () => real.forceFlush(),
};
const provider = new LoggerProvider({
  resource: resourceFromAttributes({
    'service.name': `sdk-${encoding}`,
    'service.version': '2.3.4',
    'deployment.environment.name': 'staging',
    'host.name': 'node-host-1',
    'k8s.pod.name': 'pod-7',
  }),
  processors: [new BatchLogRecordProcessor({ exporter })],
});
const logger = provider.getLogger('checkout', '1.0.0');
logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `hello ${encoding}`, attributes: { order_id: 42, 'http.route': '/orders/:id', ok: true, ratio: 0.5 } });
logger.emit({ severityNumber: SeverityNumber.ERROR2, body: { event: 'payment failed', amount: 12.5, tags: ['a', 'b'] }, attributes: { 'exception.type': 'CardError' } });
logger.emit({ severityText: 'warning', body: 'text severity only', timestamp: new Date(Date.now() - 60_000) });
// A record emitted inside a span carries its trace and span ids.
const inSpan = trace.setSpanContext(context.active(), { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'with trace', context: inSpan, attributes: { n: 7 } });
await provider.forceFlush();
await provider.shutdown();
console.log(JSON.stringify({ results }));
