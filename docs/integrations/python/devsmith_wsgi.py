"""DevSmith Logs: WSGI middleware that logs every request in the shape DevSmith's performance views read
(docs/performance.md): context["http"] = {method, route, status, duration_ms}, plus the X-Request-Id header (or a
new id) as context["request_id"]. ERROR for 5xx, WARN for 4xx, INFO otherwise. Standard library only (copy it
beside logger.py); it wraps any WSGI app: Flask, Django, Pyramid, Bottle, Falcon...

    from devsmith_wsgi import DevSmithWSGIMiddleware
    app.wsgi_app = DevSmithWSGIMiddleware(app.wsgi_app, log)          # Flask (log: a logger.DevSmithLogger)
    flask_routes(app)                                                  # ... and its URL rules as the route
    application = DevSmithWSGIMiddleware(get_wsgi_application(), log)  # Django's wsgi.py

The route is a TEMPLATE, so requests group by endpoint, not by id. It is read after the app ran, from
environ["devsmith.route"], which the app sets once it has routed: flask_routes(app) does it for Flask (the URL
rule, "/orders/<int:order_id>"); elsewhere one line does (Django's request.resolver_match.route, Bottle's
route.rule...). When no route matched (a 404) there is no template: the raw path stands in. The duration runs until the server closes the response, so
a streamed body is counted. An exception from the app is logged with its traceback, the request as a 500, and
raised on for the server to answer.
"""
import time, uuid


class DevSmithWSGIMiddleware:
    def __init__(self, app, logger):
        self.app, self.logger = app, logger

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = environ.get("HTTP_X_REQUEST_ID") or str(uuid.uuid4())
        environ["devsmith.request_id"] = request_id
        status = [500]  # until start_response says otherwise

        def start(status_line, headers, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [h for h in headers if h[0].lower() != "x-request-id"] + [("X-Request-Id", request_id)]
            return start_response(status_line, headers, exc_info) if exc_info else start_response(status_line, headers)

        try:
            body = self.app(environ, start)
        except Exception as exc:
            self.logger.log("ERROR", "Unhandled error: %s" % exc, {"error": exc, "request_id": request_id})
            status[0] = 500
            self._log(environ, status[0], started, request_id)
            raise
        return _ClosingBody(body, lambda: self._log(environ, status[0], started, request_id))

    def _log(self, environ, status, started, request_id):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        level = "ERROR" if status >= 500 else "WARN" if status >= 400 else "INFO"
        http = {"method": method, "route": route_of(environ, path), "status": status,
                "duration_ms": (time.perf_counter() - started) * 1000}
        self.logger.log(level, "%s %s %d" % (method, path, status), {"http": http, "request_id": request_id})


def route_of(environ, path):
    return environ.get("devsmith.route") or path  # no route named (a 404): no template, the raw path stands in


def flask_routes(app):
    """Flask: names each request's route after its URL rule. Flask matches the rule before its before_request
    hooks run (and drops its request from the environ when it is done, so the middleware cannot ask it later)."""
    from flask import request  # only when used: the rest of this file needs nothing but the standard library

    @app.before_request
    def name_route():
        if request.url_rule is not None:
            request.environ["devsmith.route"] = request.script_root + request.url_rule.rule


class _ClosingBody:
    """The app's response iterable; WSGI servers call close() once the body is sent: the request is logged then."""

    def __init__(self, body, on_close):
        self.body, self.on_close = body, on_close

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close()
