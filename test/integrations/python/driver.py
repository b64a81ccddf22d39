"""Runs one scenario of docs/integrations/python/logger.py for test/integrations/python.test.ts.

Usage: python3 driver.py <scenario>, configured by the DEVSMITH_* variables like any app.
"""
import json, logging, os, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "docs", "integrations", "python"))
import logger as devsmith  # noqa: E402


def adapter(log):
    """A stdlib logger that sends through `log` (and only there, so the test output stays quiet)."""
    std = logging.getLogger("driver")
    std.handlers[:] = [devsmith.DevSmithHandler(log)]
    std.setLevel(logging.DEBUG)
    std.propagate = False
    return std


def main(scenario):
    if scenario == "deliver":
        log = devsmith.DevSmithLogger()
        log.info("plain info", {"user_id": 42, "nested": {"a": 1}})
        log.error("plain error", {"code": "E42"})
        std = adapter(log)
        std.warning("adapter warn %s", "formatted", extra={"order_id": 7})
        try:
            raise ValueError("card declined")
        except ValueError:
            std.exception("adapter error")
        try:
            try:
                {}["card"]
            except KeyError:
                raise RuntimeError("charge failed")  # implicit chaining: __context__
        except RuntimeError as exc:
            log.error("plain exception", {"error": exc, "order_id": 9})
        std.debug("adapter debug")
        log.close(timeout=30)
    elif scenario == "timed":
        log = devsmith.DevSmithLogger()
        with log.timed("nightly-report", {"day": "2026-12-01"}):
            time.sleep(0.005)

        @log.timed("parse")
        def parse(text):
            return int(text)

        print("parsed %d" % parse("7"))
        try:
            parse("x")
        except ValueError:
            print("rethrown ValueError")
        log.flush(30)
    elif scenario == "exit-at-once":  # no flush, no close: atexit must deliver
        log = devsmith.DevSmithLogger()
        for i in range(250):
            log.info("exit %d" % i)
    elif scenario == "concurrent":
        log = devsmith.DevSmithLogger()
        std = adapter(log)

        def work(t):
            for i in range(250):
                if i % 2:
                    std.info("t%d-%d", t, i, extra={"t": t})
                else:
                    log.info("t%d-%d" % (t, i), {"t": t})
        threads = [threading.Thread(target=work, args=(t,)) for t in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        log.close(timeout=30)
    elif scenario == "steady":  # the test takes the server down and back meanwhile
        log = devsmith.DevSmithLogger()
        for i in range(600):
            log.info("steady %d" % i, {"i": i})
            time.sleep(0.005)
        log.close(timeout=60)
    elif scenario == "one-then-flush":
        log = devsmith.DevSmithLogger()
        for i in range(3):
            log.info("one %d" % i)
        log.close(timeout=20)
    elif scenario == "unreachable-fast":
        log = devsmith.DevSmithLogger(exit_timeout=0.5)
        std = adapter(log)
        started = time.perf_counter()
        for i in range(500):
            log.info("fast %d" % i, {"i": i})
            std.info("fast std %d", i)
        elapsed_ms = (time.perf_counter() - started) * 1000
        print("RESULT " + json.dumps({"elapsed_ms": elapsed_ms}), flush=True)
    elif scenario == "drop":
        log = devsmith.DevSmithLogger(max_buffer=50, flush_interval=3600)
        for i in range(120):
            log.info("drop %d" % i)
        log.close(timeout=30)
    elif scenario == "aliases":  # the server maps aliases; the sample must not turn them into INFO
        log = devsmith.DevSmithLogger()
        for level in ("warning", "critical", "err", "notice", "Fatal"):
            log.log(level, "alias " + level)
        log.close(timeout=30)
    elif scenario == "error-shape":
        log = devsmith.DevSmithLogger()
        std = adapter(log)
        try:
            try:
                raise ConnectionResetError("peer reset")
            except ConnectionResetError as cause:
                raise RuntimeError("charge failed") from cause
        except RuntimeError:
            std.exception("shaped error")
        log.close(timeout=30)
    elif scenario == "unreachable-running":  # the server is down for the whole run: say so while running
        log = devsmith.DevSmithLogger(flush_interval=0.2, report_interval=1.0, max_backoff=0.2, exit_timeout=0.5)
        for i in range(30):
            log.info("running %d" % i)
            time.sleep(0.1)
        sys.stderr.write("DRIVER: still running\n")
        sys.stderr.flush()
    elif scenario == "close-unreachable":  # five logs, a hung server, and the exit deadline
        log = devsmith.DevSmithLogger(exit_timeout=0.5)
        for i in range(5):
            log.info("lost %d" % i)
    elif scenario == "default-url":
        log = devsmith.DevSmithLogger(exit_timeout=0.5)
        log.info("nowhere")
    elif scenario == "crash":  # logs buffered, then an uncaught exception with a cause
        log = devsmith.DevSmithLogger(flush_interval=3600)
        for i in range(3):
            log.info("before crash %d" % i)
        try:
            raise KeyError("card")
        except KeyError as cause:
            raise RuntimeError("driver crashed") from cause
    elif scenario == "thread-crash":  # a worker thread dies; the process goes on and exits 0
        log = devsmith.DevSmithLogger(flush_interval=3600)

        def work():
            raise ValueError("worker crashed")
        thread = threading.Thread(target=work, name="worker-1")
        thread.start()
        thread.join()
        log.info("after thread crash")
    else:
        sys.exit("unknown scenario " + scenario)


if __name__ == "__main__":
    main(sys.argv[1])
