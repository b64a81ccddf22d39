"""Python's OpenTelemetry SDK with the OTLP/HTTP (protobuf) log exporter, sending to OTLP_URL with OTLP_KEY.

Logs through the standard logging module (the SDK's LoggingHandler), as a Python application would.
"""
import logging
import os
import sys

from opentelemetry._logs import set_logger_provider
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource

provider = LoggerProvider(resource=Resource.create({
    "service.name": "py-otlp",
    "service.version": "9.8.7",
    "deployment.environment": "prod",
    "host.name": "py-host",
}))
set_logger_provider(provider)
exporter = OTLPLogExporter(endpoint=os.environ["OTLP_URL"], headers={"Authorization": "Bearer " + os.environ["OTLP_KEY"]})
provider.add_log_record_processor(BatchLogRecordProcessor(exporter))

log = logging.getLogger("shop")
log.setLevel(logging.DEBUG)
log.addHandler(LoggingHandler(level=logging.DEBUG, logger_provider=provider))
log.info("python says %s", "hello", extra={"order_id": 5})
log.warning("low stock", extra={"sku": "A-1"})
try:
    raise ValueError("card declined")
except ValueError:
    log.exception("payment failed")
provider.force_flush()
provider.shutdown()
print("done", file=sys.stderr)
