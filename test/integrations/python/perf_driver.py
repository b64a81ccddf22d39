"""Runs the performance-convention scenario of docs/integrations/python for test/integrations/python.test.ts: the
WSGI middleware in front of a plain WSGI app and of a Flask app, served by the standard library's wsgiref server
and called over HTTP.

Usage: python3 perf_driver.py wsgi, configured by the DEVSMITH_* variables like any app.
"""
import os, re, sys, threading, urllib.error, urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "docs", "integrations", "python"))
import logger as devsmith  # noqa: E402
from devsmith_wsgi import DevSmithWSGIMiddleware, flask_routes  # noqa: E402


def plain_app(environ, start_response):
    """A framework-free app that names its routes itself."""
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    if method == "GET" and re.fullmatch(r"/orders/\d+", path):
        environ["devsmith.route"] = "/orders/{id}"
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"order": 42}']
    if method == "POST" and path == "/orders":
        environ["devsmith.route"] = "/orders"
        start_response("201 Created", [])
        return [b""]
    if path == "/boom":
        environ["devsmith.route"] = "/boom"
        raise RuntimeError("Something broke")
    start_response("404 Not Found", [])
    return [b"Not Found"]


def flask_app():
    from flask import Flask
    app = Flask("perf_driver")
    app.get("/items/<sku>")(lambda sku: {"sku": sku})
    return app


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # the test reads DevSmith, not the access lines
        pass


def serve(app, requests):
    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_port
    for method, path in requests:
        request = urllib.request.Request(base + path, method=method, headers={"X-Request-Id": "req %s %s" % (method, path)})
        try:
            with urllib.request.urlopen(request) as response:
                print("%s %s -> %d %s" % (method, path, response.status, response.headers["X-Request-Id"]))
        except urllib.error.HTTPError as error:
            print("%s %s -> %d" % (method, path, error.code))
    server.shutdown()


def main(scenario):
    if scenario != "wsgi":
        sys.exit("unknown scenario %s" % scenario)
    log = devsmith.DevSmithLogger()
    serve(DevSmithWSGIMiddleware(plain_app, log),
          [("GET", "/orders/42"), ("POST", "/orders"), ("GET", "/boom"), ("GET", "/no/such/page")])
    flask = flask_app()
    flask.wsgi_app = DevSmithWSGIMiddleware(flask.wsgi_app, devsmith.DevSmithLogger(service=os.environ["DEVSMITH_SERVICE"] + "-flask"))
    flask_routes(flask)
    serve(flask, [("GET", "/items/ab-1"), ("GET", "/nothing/here")])
    log.flush(30)


if __name__ == "__main__":
    main(sys.argv[1])
