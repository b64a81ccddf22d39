"""DevSmith Logs: a copy-paste logger for Python 3.8+ (standard library only).

Copy this file into your app, set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE, then either

    import logging, logger as devsmith
    logging.getLogger().addHandler(devsmith.DevSmithHandler())     # existing logging calls are captured
    logging.getLogger(__name__).error("payment failed", extra={"order_id": 7}, exc_info=True)

or use it directly:

    log = devsmith.DevSmithLogger(service="worker")
    log.info("job done", {"job_id": 12})
    with log.timed("nightly-report", {"day": day}):   # logs context["operation"] and context["duration_ms"]
        build_report(day)

Logging calls only append to a bounded in-memory buffer (default 10,000 entries; when full the oldest are dropped
and counted) and return at once. A background thread sends gzip batches of up to 100 entries every 5 seconds,
retrying network errors, 429 and 5xx with backoff; anything buffered is flushed when the interpreter exits.
Delivery problems are reported on stderr (lines starting with "devsmith:", at most once a minute while they
last). An uncaught exception, in the main thread or another, is sent as a FATAL log before Python reports it
as usual. Exceptions travel as context["error"] = {type, message, stack, cause?}. Nothing here raises into your
application.
"""
import atexit, collections, contextlib, datetime, gzip, json, logging, os, random, re, socket, sys, threading, time, traceback
import urllib.error, urllib.request, uuid

DEFAULT_URL = "http://localhost:3000"
ANSI_CODES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # terminal colours (werkzeug, click...) are noise in stored logs


class DevSmithLogger:
    def __init__(self, url=None, api_key=None, project=None, service=None, environment=None, version=None,
                 batch_size=100, flush_interval=5.0, max_buffer=10_000, exit_timeout=5.0, request_timeout=10.0,
                 max_backoff=30.0, report_interval=60.0, capture_crashes=True):
        env = os.environ.get
        self.base_url = (url or env("DEVSMITH_URL") or DEFAULT_URL).rstrip("/")
        if not (url or env("DEVSMITH_URL")):  # a forgotten variable must not quietly mean localhost
            warn("DEVSMITH_URL is not set; sending to %s" % DEFAULT_URL)
        self.url = self.base_url + "/api/logs/batch"
        self.api_key = api_key or env("DEVSMITH_API_KEY", "")
        envelope = {"project_slug": project or env("DEVSMITH_PROJECT"),
                    "service_name": service or env("DEVSMITH_SERVICE") or "app",
                    "environment": environment, "version": version, "host": socket.gethostname()}
        self.envelope = {k: v for k, v in envelope.items() if v}
        self.batch_size, self.flush_interval, self.max_buffer = batch_size, flush_interval, max_buffer
        self.exit_timeout, self.request_timeout, self.max_backoff = exit_timeout, request_timeout, max_backoff
        self.report_interval = report_interval  # at most one "cannot deliver" line on stderr per interval
        self._buffer = collections.deque()  # not queue.Queue: that one cannot drop its oldest item when full
        self._dropped = 0
        self._sending = 0          # entries taken by the worker and not yet settled: flush() waits for them
        self._cond = threading.Condition()  # guards everything above; wakes the worker and flush()
        self._urgent = False       # set by flush()/close(): send now instead of waiting for the interval
        self._deadline = None      # set by close(): retries stop when it passes
        self._closed = False
        self._lost = 0             # entries given up at the exit deadline: close() reports them
        self._failures = 0         # failed attempts since the last delivery
        self._last_reason = ""     # why the last attempt failed
        self._reported_at = None   # monotonic time of the last "cannot deliver" line
        self._last_warning = ""
        self._worker = threading.Thread(target=self._run, name="devsmith-logger", daemon=True)
        self._worker.start()
        atexit.register(self.close)  # deliver what is buffered when the interpreter exits
        if capture_crashes:
            self._capture_crashes()

    def trace(self, message, context=None): self.log("TRACE", message, context)
    def debug(self, message, context=None): self.log("DEBUG", message, context)
    def info(self, message, context=None): self.log("INFO", message, context)
    def warn(self, message, context=None): self.log("WARN", message, context)
    def error(self, message, context=None): self.log("ERROR", message, context)
    def fatal(self, message, context=None): self.log("FATAL", message, context)

    def log(self, level, message, context=None, created=None):
        """Queue one entry; never blocks on the network, never raises. `created` is a Unix time in seconds."""
        try:
            # Aliases (warning, critical, err, notice...) go as they are: the server maps them onto its levels.
            level = str(level).strip().upper() or "INFO"
            if isinstance(context, dict):
                context = {k: error_shape(v) if isinstance(v, BaseException) else v for k, v in context.items()}
            else:
                context = {} if context is None else {"value": context}
            entry = {"timestamp": iso_utc(created if created is not None else time.time()),
                     "level": level, "message": ANSI_CODES.sub("", str(message)), "context": context}
            with self._cond:
                self._buffer.append(entry)
                if len(self._buffer) > self.max_buffer:
                    self._buffer.popleft()
                    self._dropped += 1
                if len(self._buffer) >= self.batch_size:
                    self._cond.notify_all()
        except Exception:
            pass  # a logger must never break the app

    def timed(self, operation, context=None):
        """Times a block (`with log.timed("export"):`) or a function (`@log.timed("export")`) and logs it with
        context["operation"] and context["duration_ms"] (a float, sub-ms), the convention of DevSmith's
        performance views (docs/performance.md): "<operation> done" at INFO, or "<operation> failed" at ERROR with
        context["error"] when it raises; the exception goes on."""
        return _Timed(self, operation, context)

    def flush(self, timeout=None):
        """Wait until everything buffered so far was sent (or refused), at most `timeout` seconds."""
        end = time.monotonic() + (self.exit_timeout if timeout is None else timeout)
        with self._cond:
            self._urgent = True
            self._cond.notify_all()
            while (self._buffer or self._dropped or self._sending) and time.monotonic() < end:
                self._cond.wait(min(0.05, max(0.0, end - time.monotonic())))

    def close(self, timeout=None):
        """Flush, then stop the worker; say on stderr what could not be delivered. Registered with atexit;
        safe to call more than once."""
        timeout = self.exit_timeout if timeout is None else timeout
        with self._cond:
            self._deadline = time.monotonic() + timeout if self._deadline is None else self._deadline
        self.flush(timeout)
        with self._cond:
            already, self._closed = self._closed, True
            self._cond.notify_all()
            undelivered = len(self._buffer) + self._sending + self._dropped + self._lost
        if undelivered and not already:
            warn("could not deliver %d logs to %s before exit (%s)" % (undelivered, self.base_url, self._last_reason or "timed out"))

    def _capture_crashes(self):
        """Uncaught exceptions become a FATAL log, flushed; then the previous hook runs, so Python prints the
        traceback and exits (code 1) as it would have. Threads: the thread dies as usual, the process goes on."""
        previous = sys.excepthook

        def excepthook(kind, value, tb):
            self._crashed("Uncaught exception", kind, value)
            previous(kind, value, tb)
        sys.excepthook = excepthook
        previous_thread_hook = threading.excepthook

        def thread_excepthook(args):
            if args.exc_type is not SystemExit:
                name = args.thread.name if args.thread else "?"
                self._crashed("Uncaught exception in thread %s" % name, args.exc_type, args.exc_value)
            previous_thread_hook(args)
        threading.excepthook = thread_excepthook

    def _crashed(self, what, kind, value):
        try:
            if kind is None or issubclass(kind, KeyboardInterrupt):  # Ctrl-C is not a crash
                return
            error = error_shape(value) if isinstance(value, BaseException) else {"type": kind.__name__, "message": str(value), "stack": ""}
            self.log("FATAL", "%s: %s: %s" % (what, error["type"], error["message"]), {"error": error})
            self.flush(self.exit_timeout)
        except Exception:
            pass

    # --- the background worker -------------------------------------------------------------------------------
    def _run(self):
        while True:
            with self._cond:
                urgent = self._urgent or len(self._buffer) >= self.batch_size
                if not (self._buffer or self._dropped) or not urgent:
                    self._cond.wait(self.flush_interval)  # woken early by a full batch, flush() or close()
                if self._closed and (not self._buffer or time.monotonic() > self._deadline):
                    return
                logs = [self._buffer.popleft() for _ in range(min(self.batch_size, len(self._buffer)))]
                dropped, self._dropped = self._dropped, 0
                self._sending = len(logs) + dropped
                if not self._buffer:
                    self._urgent = False
            try:
                if dropped:  # report the loss instead of losing silently
                    message = "devsmith logger dropped %d log entries because its buffer was full" % dropped
                    logs.append({"timestamp": iso_utc(time.time()), "level": "WARN", "message": message,
                                 "context": {"devsmith_dropped": dropped}})
                    warn(message)
                if logs:
                    self._send(logs)
            except Exception as exc:  # keep the worker alive whatever happens
                warn("unexpected error while sending logs: %r" % exc)
            finally:
                with self._cond:
                    self._sending = 0
                    self._cond.notify_all()

    def _send(self, logs):
        body = gzip.compress(json.dumps(dict(self.envelope, logs=logs), default=str).encode())
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
                   "Authorization": "Bearer " + self.api_key,
                   "Idempotency-Key": str(uuid.uuid4())}  # one per batch, kept on retries: stored once
        attempt = 0
        while True:
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.request_timeout) as response:
                    self._delivered()
                    return self._report_rejected(response.status, response.read(), len(logs))
            except urllib.error.HTTPError as err:
                if err.code != 429 and err.code < 500:  # other 4xx are final: retrying cannot help
                    self._delivered()
                    return self._warn_once("server refused %d logs: HTTP %d %s" % (len(logs), err.code, reason(err.read())))
                delay = retry_after(err.headers.get("Retry-After"))
                self._failed(("HTTP %d %s" % (err.code, reason(err.read()))).strip(), len(logs))
            except Exception as exc:  # network error, timeout
                delay = None
                self._failed(network_reason(exc), len(logs))
            if delay is None:  # exponential backoff with jitter: ~0.5 s, 1 s, 2 s ... up to max_backoff
                base = min(self.max_backoff, 0.5 * 2 ** attempt)
                delay = base / 2 + random.random() * base / 2
            attempt += 1
            retry_at = time.monotonic() + delay
            with self._cond:  # sleep, but wake when close() sets a deadline we cannot meet
                while time.monotonic() < retry_at:
                    if self._deadline is not None and retry_at > self._deadline:
                        self._lost += len(logs)  # close() reports them, with the URL and the reason
                        self._sending = 0
                        return
                    self._cond.wait(retry_at - time.monotonic())

    def _failed(self, why, in_flight):
        """A failed attempt: one stderr line at the first, then at most one per report_interval."""
        with self._cond:
            self._failures += 1
            self._last_reason = why
            now = time.monotonic()
            due = self._reported_at is None or now - self._reported_at >= self.report_interval
            if due:
                self._reported_at = now
            waiting, failures = len(self._buffer) + in_flight, self._failures
        if due:
            warn("cannot deliver logs to %s (%s); %d logs waiting, %d failed attempts; retrying with backoff"
                 % (self.base_url, why, waiting, failures))

    def _delivered(self):
        with self._cond:
            failures, self._failures, self._reported_at = self._failures, 0, None
        if failures:
            warn("delivering to %s again after %d failed attempts" % (self.base_url, failures))

    def _report_rejected(self, status, body, total):
        if status == 200:
            try:
                rejected = json.loads(body).get("rejected") or []
                if rejected:
                    self._warn_once("server refused %d of %d logs: %s" % (len(rejected), total, rejected[0].get("reason")))
            except Exception:
                pass

    def _warn_once(self, message):
        if message != self._last_warning:
            warn(message)
        self._last_warning = message


class _Timed(contextlib.ContextDecorator):
    def __init__(self, logger, operation, context):
        self.logger, self.operation, self.context = logger, operation, context

    def _recreate_cm(self):  # a decorated function may run in several threads, or recurse: one timer per call
        return _Timed(self.logger, self.operation, self.context)

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, kind, value, tb):
        fields = dict(self.context or {}, operation=self.operation,
                      duration_ms=round((time.perf_counter() - self.started) * 1000, 6))
        if value is None:
            self.logger.log("INFO", "%s done" % self.operation, fields)
        else:
            self.logger.log("ERROR", "%s failed" % self.operation, dict(fields, error=value))
        return False  # never swallow the exception


class DevSmithHandler(logging.Handler):
    """A logging.Handler: logger name, source location and `extra=` fields become context; exc_info becomes
    context["error"] = {type, message, stack, cause?}."""
    LEVELS = [(logging.CRITICAL, "FATAL"), (logging.ERROR, "ERROR"), (logging.WARNING, "WARN"),
              (logging.INFO, "INFO"), (logging.DEBUG, "DEBUG")]
    STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

    def __init__(self, logger=None, level=logging.NOTSET, **options):
        super().__init__(level)
        self.devsmith = logger or DevSmithLogger(**options)

    def emit(self, record):
        try:
            level = next((name for number, name in self.LEVELS if record.levelno >= number), "TRACE")
            context = {k: v for k, v in vars(record).items() if k not in self.STANDARD and not k.startswith("_")}
            context.update(logger=record.name, source="%s:%d" % (record.pathname, record.lineno), function=record.funcName)
            if record.exc_info and isinstance(record.exc_info[1], BaseException):
                context["error"] = error_shape(record.exc_info[1], record.exc_info[2])
            self.devsmith.log(level, record.getMessage(), context, created=record.created)
        except Exception:
            self.handleError(record)  # logging's own policy (prints to stderr unless logging.raiseExceptions=False)

    def flush(self):
        self.devsmith.flush()

    def close(self):
        self.devsmith.close()
        super().close()


def error_shape(exc, tb=None, depth=0):
    """The documented error shape: {type, message, stack, cause?}; cause is __cause__ (raise ... from ...) or the
    exception being handled when this one was raised, in the same shape. Python's __notes__ are kept as notes."""
    kind = type(exc)
    module = getattr(kind, "__module__", "builtins")
    shape = {"type": kind.__qualname__ if module in ("builtins", "__main__") else "%s.%s" % (module, kind.__qualname__),
             "message": str(exc),
             "stack": "".join(traceback.format_exception(kind, exc, tb or exc.__traceback__, chain=False))}
    notes = getattr(exc, "__notes__", None)
    if notes:
        shape["notes"] = [str(note) for note in notes]
    cause = exc.__cause__ if exc.__cause__ is not None else (None if exc.__suppress_context__ else exc.__context__)
    if cause is not None and depth < 8:
        shape["cause"] = error_shape(cause, None, depth + 1)
    return shape


def network_reason(exc):
    reason_ = getattr(exc, "reason", None) or exc  # URLError wraps the socket error
    return str(reason_) or type(reason_).__name__


def iso_utc(seconds):
    """ISO 8601 UTC with milliseconds, e.g. 2026-11-25T10:00:00.123Z."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def retry_after(value):
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except Exception:
            return None


def reason(body):
    try:
        problem = json.loads(body)
        return ("%s %s" % (problem.get("code", ""), problem.get("detail") or problem.get("title", ""))).strip()
    except Exception:
        return body[:200].decode("utf-8", "replace") if isinstance(body, bytes) else str(body)[:200]


def warn(message):
    try:
        sys.stderr.write("devsmith: %s\n" % message)
    except Exception:
        pass
