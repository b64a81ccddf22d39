"""Flask with DevSmith: one log line per request, and every unhandled error captured with its traceback.

Run: pip install flask
     DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web python flask_example.py
"""
import logging, os, signal, sys, time, uuid

from flask import Flask, g, jsonify, request

from logger import DevSmithHandler

# Route the standard `logging` module to DevSmith: Flask's own app.logger and your libraries' loggers included.
devsmith = DevSmithHandler()
logging.basicConfig(level=logging.INFO, handlers=[logging.StreamHandler(), devsmith])
log = logging.getLogger("flask_example")

app = Flask(__name__)


@app.before_request
def start_timer():
    g.started = time.perf_counter()
    g.request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())


@app.after_request
def log_request(response):
    duration_ms = round((time.perf_counter() - g.started) * 1000, 2)
    level = logging.ERROR if response.status_code >= 500 else logging.WARNING if response.status_code >= 400 else logging.INFO
    log.log(level, "%s %s %d", request.method, request.path, response.status_code,
            extra={"method": request.method, "path": request.path, "status": response.status_code,
                   "duration_ms": duration_ms, "request_id": g.request_id})
    response.headers["X-Request-Id"] = g.request_id
    return response


@app.errorhandler(Exception)
def handle_error(error):
    # log.exception attaches the traceback (exc_info) which the handler sends as context["exception"].
    log.exception("Unhandled error: %s", error, extra={"path": request.path, "request_id": g.get("request_id")})
    return jsonify(error="Internal Server Error", request_id=g.get("request_id")), 500


@app.get("/")
def index():
    return jsonify(hello="world")


@app.get("/boom")
def boom():
    raise RuntimeError("Something broke")


if __name__ == "__main__":
    # SIGTERM (docker stop, systemd) would kill Python without running atexit: turn it into a normal exit
    # so buffered logs are flushed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5001")))
