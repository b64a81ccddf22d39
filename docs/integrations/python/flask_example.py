"""Flask with DevSmith: one log line per request, and every unhandled error captured with its traceback.

Run: pip install flask
     DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web python flask_example.py
"""
import logging, os, signal, sys, time, uuid

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from logger import DevSmithHandler

# Route the standard `logging` module to DevSmith: Flask's own app.logger and your libraries' loggers included.
devsmith = DevSmithHandler()
# The development server's access lines ("GET / HTTP/1.1" 200, in terminal colours) repeat what log_request
# below sends with structure: keep them on the console, not in DevSmith. Its warnings and errors still go.
devsmith.addFilter(lambda record: not (record.name == "werkzeug" and record.levelno == logging.INFO))
logging.basicConfig(level=logging.INFO, handlers=[logging.StreamHandler(), devsmith])
log = logging.getLogger("flask_example")

app = Flask(__name__)


@app.before_request
def start_timer():
    g.started = time.perf_counter()
    g.request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())


@app.after_request
def log_request(response):
    duration_ms = round((time.perf_counter() - g.started) * 1000, 3)  # a float, sub-ms (µs) precision
    status = response.status_code
    level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
    # The convention of DevSmith's performance views (docs/performance.md): context.http = {method, route, status,
    # duration_ms}, route being the URL rule ("/orders/<int:order_id>"), not the path: one value per endpoint.
    # No rule matched (a 404, a 405): Flask has no template, so the raw path stands in.
    route = request.url_rule.rule if request.url_rule else request.path
    log.log(level, "%s %s %d", request.method, request.path, status,
            extra={"http": {"method": request.method, "route": route, "status": status, "duration_ms": duration_ms},
                   "path": request.path, "request_id": g.request_id})
    response.headers["X-Request-Id"] = g.request_id
    return response


@app.errorhandler(Exception)
def handle_error(error):
    if isinstance(error, HTTPException):  # 404, 405...: Flask's own answer, logged by log_request
        return error
    # log.exception attaches the traceback (exc_info), which the handler sends as context["error"].
    log.exception("Unhandled error: %s", error, extra={"path": request.path, "request_id": g.get("request_id")})
    return jsonify(error="Internal Server Error", request_id=g.get("request_id")), 500


@app.get("/")
def index():
    return jsonify(hello="world")


@app.get("/orders/<int:order_id>")
def order(order_id):
    return jsonify(order_id=order_id)


@app.get("/boom")
def boom():
    raise RuntimeError("Something broke")


if __name__ == "__main__":
    # SIGTERM (docker stop, systemd) would kill Python without running atexit: turn it into a normal exit
    # so buffered logs are flushed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5001")))
