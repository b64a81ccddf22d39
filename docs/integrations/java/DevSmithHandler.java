// DevSmith Logs: a copy-paste java.util.logging Handler for Java 11+ (JDK only: java.net.http, java.util.zip).
//
// Copy this file into your sources (add your `package` line), set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT,
// DEVSMITH_SERVICE, then either capture java.util.logging:
//
//     Logger.getLogger("").addHandler(new DevSmithHandler());        // every JUL logger now also sends here
//     log.log(Level.WARNING, "disk {0}% full", new Object[] {91, Map.of("mount", "/var")}); // a Map parameter becomes context
//     log.log(Level.SEVERE, "payment failed", exception);            // context.error = {type, message, stack, cause}
//
// or use it directly:
//
//     DevSmithHandler devsmith = new DevSmithHandler();
//     devsmith.log("info", "job done", Map.of("job_id", 12));        // any level name or alias the server knows
//     devsmith.timed("nightly-report", Map.of("day", day), () -> build(day)); // context.operation + duration_ms
//
// For HTTP servers, DevSmithHttpFilter (beside this file) logs each request as context.http.
//
// Logging calls only append to a bounded in-memory buffer (default 10,000 entries; when full the oldest are dropped
// and counted) and return at once. A daemon thread sends gzip batches of up to 100 entries every 5 seconds,
// retrying network errors, 429 and 5xx with backoff; a shutdown hook flushes at JVM exit. An uncaught exception is
// logged as FATAL and flushed, then the JVM goes on as it would have. Nothing here throws into your application.
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

public class DevSmithHandler extends Handler {
    /** Settings; every field has the documented default, the four strings come from DEVSMITH_* when null. */
    public static class Options {
        public String url, apiKey, project, service, environment, version;
        public int batchSize = 100, maxBuffer = 10_000;
        public long flushIntervalMs = 5_000, exitTimeoutMs = 5_000, requestTimeoutMs = 10_000, maxBackoffMs = 30_000;
        public long reportIntervalMs = 60_000; // at most one "cannot deliver" line on stderr per interval
        public boolean captureCrashes = true;         // log uncaught exceptions as FATAL before the thread dies
    }

    private static final String DEFAULT_URL = "http://localhost:3000";
    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Formatter MESSAGES = new Formatter() { // only for formatMessage: {0} parameters, bundles
        @Override public String format(LogRecord record) { return formatMessage(record); }
    };

    private final Options opt;
    private final String baseUrl, url, apiKey, envelope; // envelope: the batch's JSON fields before "logs"
    private final HttpClient http;
    private final Object lock = new Object(); // guards every field below; wakes the worker and flush()
    private final ArrayDeque<String> buffer = new ArrayDeque<>(); // entries already serialised to JSON
    private int dropped, sending, abandoned; // abandoned: given up at exit
    private long droppedTotal, failures, lastFailureReport;
    private boolean urgent, closed;
    private volatile boolean crashFlushFailed; // then the exit hook does not wait a second exit timeout
    private long deadline = -1; // set by close(): retries stop when it passes (System.nanoTime based, in ms)
    private String lastWarning = "", lastReason = ""; // lastReason: why the last attempt failed

    public DevSmithHandler() { this(new Options()); }

    public DevSmithHandler(Options options) {
        opt = options;
        baseUrl = trimSlash(or(opt.url, System.getenv("DEVSMITH_URL"), DEFAULT_URL));
        if (or(opt.url, System.getenv("DEVSMITH_URL"), null) == null) warn("DEVSMITH_URL is not set; sending to " + DEFAULT_URL); // not quietly localhost
        url = baseUrl + "/api/logs/batch";
        apiKey = or(opt.apiKey, System.getenv("DEVSMITH_API_KEY"), "");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("project_slug", or(opt.project, System.getenv("DEVSMITH_PROJECT"), null));
        env.put("service_name", or(opt.service, System.getenv("DEVSMITH_SERVICE"), "app"));
        env.put("environment", opt.environment);
        env.put("version", opt.version);
        env.put("host", or(System.getenv("HOSTNAME"), System.getenv("COMPUTERNAME"), null));
        env.values().removeIf(v -> v == null || v.toString().isEmpty());
        String json = toJson(env);
        envelope = json.substring(0, json.length() - 1) + (env.isEmpty() ? "" : ",");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(opt.requestTimeoutMs)).build();
        Thread worker = new Thread(this::run, "devsmith-logger");
        worker.setDaemon(true); // never keeps the JVM alive: the shutdown hook below flushes instead
        worker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "devsmith-flush"));
        if (opt.captureCrashes) captureCrashes();
    }

    // --- the direct API ----------------------------------------------------------------------------------------
    public void trace(String message, Map<String, ?> context) { log("TRACE", message, context); }
    public void debug(String message, Map<String, ?> context) { log("DEBUG", message, context); }
    public void info(String message, Map<String, ?> context) { log("INFO", message, context); }
    public void warn(String message, Map<String, ?> context) { log("WARN", message, context); }
    public void error(String message, Map<String, ?> context) { log("ERROR", message, context); }
    public void fatal(String message, Map<String, ?> context) { log("FATAL", message, context); } // logs only

    public void log(String level, String message, Map<String, ?> context) { log(level, message, context, null, System.currentTimeMillis()); }

    public void log(String level, String message, Map<String, ?> context, Throwable error) { log(level, message, context, error, System.currentTimeMillis()); }

    /**
     * Queues one entry; never blocks on the network, never throws. The level goes as given (the server maps
     * aliases such as "warning", "err", "critical"); a Throwable becomes context.error.
     */
    public void log(String level, String message, Map<String, ?> context, Throwable error, long epochMillis) {
        try {
            Map<String, Object> ctx = context == null ? new LinkedHashMap<>() : new LinkedHashMap<>(context);
            if (error != null) ctx.put("error", errorShape(error));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("timestamp", ISO_MS.format(Instant.ofEpochMilli(epochMillis)));
            entry.put("level", level == null || level.isBlank() ? "INFO" : level);
            entry.put("message", String.valueOf(message));
            entry.put("context", ctx);
            enqueue(toJson(entry));
        } catch (Throwable ignored) {
            // a logger must never break the app
        }
    }

    /**
     * Runs work, logs how long it took and returns its result: context.operation and context.duration_ms (a double,
     * sub-ms), the convention of DevSmith's performance views (docs/performance.md) for jobs and queries.
     * "&lt;operation&gt; done" at INFO, or "&lt;operation&gt; failed" at ERROR with context.error, the exception
     * thrown on.
     */
    public <T> T timed(String operation, Map<String, ?> context, Callable<T> work) throws Exception {
        long started = System.nanoTime();
        try {
            T result = work.call();
            log("INFO", operation + " done", timing(operation, context, started));
            return result;
        } catch (Exception | Error e) {
            log("ERROR", operation + " failed", timing(operation, context, started), e);
            throw e;
        }
    }

    /** Milliseconds since a System.nanoTime() reading, as a double with sub-ms precision. */
    public static double millisSince(long startedNanos) { return (System.nanoTime() - startedNanos) / 1e6; }

    private static Map<String, Object> timing(String operation, Map<String, ?> context, long started) {
        Map<String, Object> ctx = context == null ? new LinkedHashMap<>() : new LinkedHashMap<>(context);
        ctx.put("operation", operation);
        ctx.put("duration_ms", millisSince(started));
        return ctx;
    }

    private void enqueue(String json) {
        synchronized (lock) {
            buffer.addLast(json);
            if (buffer.size() > opt.maxBuffer) {
                buffer.removeFirst();
                dropped++;
                droppedTotal++;
            }
            if (buffer.size() >= opt.batchSize) lock.notifyAll();
        }
    }

    // --- java.util.logging -------------------------------------------------------------------------------------
    @Override
    public void publish(LogRecord record) {
        try {
            if (record == null || !isLoggable(record)) return;
            Map<String, Object> ctx = new LinkedHashMap<>();
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) if (p instanceof Map) ((Map<?, ?>) p).forEach((k, v) -> ctx.put(String.valueOf(k), v));
            }
            ctx.put("logger", record.getLoggerName());
            if (record.getSourceClassName() != null) ctx.put("source", record.getSourceClassName() + "." + record.getSourceMethodName());
            ctx.put("thread_id", record.getLongThreadID());
            String message = getFormatter() != null ? getFormatter().formatMessage(record) : MESSAGES.formatMessage(record);
            log(levelOf(record.getLevel()), message, ctx, record.getThrown(), record.getMillis());
        } catch (Throwable t) {
            reportError("devsmith: could not queue a log record", t instanceof Exception ? (Exception) t : new RuntimeException(t), 0);
        }
    }

    static String levelOf(Level level) {
        int n = level.intValue();
        if (n > Level.SEVERE.intValue()) return "FATAL";
        if (n >= Level.SEVERE.intValue()) return "ERROR";
        if (n >= Level.WARNING.intValue()) return "WARN";
        if (n >= Level.INFO.intValue()) return "INFO";
        if (n >= Level.FINE.intValue()) return "DEBUG"; // CONFIG and FINE
        return "TRACE";
    }

    /** Sends what is buffered now, waiting at most the exit timeout. */
    @Override
    public void flush() { flush(opt.exitTimeoutMs); }

    public void flush(long timeoutMs) {
        long end = now() + timeoutMs;
        synchronized (lock) {
            urgent = true;
            lock.notifyAll();
            while ((!buffer.isEmpty() || dropped > 0 || sending > 0) && now() < end) {
                try { lock.wait(Math.max(1, Math.min(50, end - now()))); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
            }
        }
    }

    /** Flushes (at most the exit timeout), then stops the sender. Runs at JVM exit; safe to call more than once. */
    @Override
    public void close() {
        int left;
        String why;
        long timeout = crashFlushFailed ? 0 : opt.exitTimeoutMs;
        synchronized (lock) {
            if (closed || deadline >= 0) return; // the JUL LogManager and our hook may both close us
            deadline = now() + timeout;
        }
        flush(timeout);
        synchronized (lock) {
            closed = true;
            left = buffer.size() + sending + dropped + abandoned;
            why = lastReason.isEmpty() ? "no answer in time" : lastReason;
            lock.notifyAll();
        }
        if (left > 0) warn("could not deliver " + left + " logs to " + baseUrl + " before exit (" + why + ")");
    }

    // --- crashes -----------------------------------------------------------------------------------------------
    private void captureCrashes() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            try {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("thread", thread.getName());
                ctx.put("uncaught", true);
                log("FATAL", "Uncaught exception in thread \"" + thread.getName() + "\": " + error, ctx, error);
                flush(opt.exitTimeoutMs);
                synchronized (lock) { crashFlushFailed = !buffer.isEmpty() || sending > 0; }
            } catch (Throwable ignored) {
                // the crash report must not hide the crash
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else { // what ThreadGroup.uncaughtException prints when no handler is set
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        });
    }

    // --- the background worker ---------------------------------------------------------------------------------
    private void run() {
        while (true) {
            List<String> logs = new ArrayList<>();
            int lost;
            synchronized (lock) {
                boolean due = urgent || buffer.size() >= opt.batchSize;
                if ((buffer.isEmpty() && dropped == 0) || !due) {
                    try { lock.wait(opt.flushIntervalMs); } catch (InterruptedException e) { return; }
                }
                if (closed && (buffer.isEmpty() || now() > deadline)) return;
                while (logs.size() < opt.batchSize && !buffer.isEmpty()) logs.add(buffer.removeFirst());
                lost = dropped;
                dropped = 0;
                sending = logs.size() + lost;
                if (buffer.isEmpty()) urgent = false;
            }
            try {
                if (lost > 0) { // report the loss instead of losing silently
                    String message = "devsmith logger dropped " + lost + " log entries because its buffer was full";
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("timestamp", ISO_MS.format(Instant.now()));
                    entry.put("level", "WARN");
                    entry.put("message", message);
                    entry.put("context", Map.of("devsmith_dropped", lost));
                    logs.add(toJson(entry));
                    warn(message);
                }
                if (!logs.isEmpty()) send(logs);
            } catch (Throwable t) { // keep the worker alive whatever happens
                warn("unexpected error while sending logs: " + t);
            } finally {
                synchronized (lock) {
                    sending = 0;
                    lock.notifyAll();
                }
            }
        }
    }

    private void send(List<String> logs) throws Exception {
        byte[] body = gzip(envelope + "\"logs\":[" + String.join(",", logs) + "]}");
        String idempotencyKey = UUID.randomUUID().toString(); // one per batch, kept on retries: stored once
        for (int attempt = 0; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(opt.requestTimeoutMs))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long delay = -1;
            String failure;
            try {
                HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = res.statusCode();
                if (status < 300) {
                    delivered(status, res.body(), logs.size());
                    return;
                }
                if (status != 429 && status < 500) { // other 4xx are final: retrying cannot help
                    warnOnce("server refused " + logs.size() + " logs: HTTP " + status + " " + reason(res.body()));
                    return;
                }
                delay = retryAfter(res.headers().firstValue("Retry-After").orElse(null));
                failure = "HTTP " + status + " " + reason(res.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) { // network error, timeout
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            reportFailure(failure);
            if (delay < 0) { // exponential backoff with jitter: ~0.5 s, 1 s, 2 s ... up to maxBackoff
                long base = Math.min(opt.maxBackoffMs, 500L << Math.min(attempt, 16));
                delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            }
            long retryAt = now() + delay;
            synchronized (lock) { // sleep, but wake when close() sets a deadline we cannot meet
                while (now() < retryAt) {
                    if (deadline >= 0 && retryAt > deadline) { // close() says how many in one line
                        abandoned += logs.size();
                        sending = 0;
                        return;
                    }
                    lock.wait(Math.max(1, retryAt - now()));
                }
            }
        }
    }

    private void delivered(int status, String body, int total) {
        synchronized (lock) {
            if (failures > 0) warn("delivering to " + baseUrl + " again after " + failures + " failed attempts");
            failures = 0;
            lastFailureReport = 0;
        }
        if (status == 200) {
            Matcher m = Pattern.compile("\"reason\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            int rejected = body.split("\"index\"", -1).length - 1;
            if (rejected > 0) warnOnce("server refused " + rejected + " of " + total + " logs: " + (m.find() ? m.group(1) : ""));
        }
    }

    /** One stderr line per failure spell, then at most one per reportIntervalMs: never silent, never a flood. */
    private void reportFailure(String failure) {
        String line = null;
        synchronized (lock) {
            failures++;
            lastReason = failure;
            if (lastFailureReport == 0 || now() - lastFailureReport >= opt.reportIntervalMs) {
                lastFailureReport = now();
                line = "cannot deliver logs to " + baseUrl + " (" + failure + "); " + (buffer.size() + sending) + " logs waiting"
                    + (droppedTotal > 0 ? ", " + droppedTotal + " dropped (buffer full)" : "") + ", " + failures + " failed attempts; retrying with backoff";
            }
        }
        if (line != null) warn(line);
    }

    private void warnOnce(String message) {
        synchronized (lock) {
            if (message.equals(lastWarning)) return;
            lastWarning = message;
        }
        warn(message);
    }

    // --- helpers -----------------------------------------------------------------------------------------------
    /** The documented error shape: {type, message, stack, cause?}; `stack` is the JVM's own trace text. */
    public static Map<String, Object> errorShape(Throwable error) {
        return errorShape(error, 0);
    }

    private static Map<String, Object> errorShape(Throwable error, int depth) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("type", error.getClass().getName());
        shape.put("message", error.getMessage() == null ? "" : error.getMessage());
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        shape.put("stack", stack.toString());
        if (error.getCause() != null && error.getCause() != error && depth < 5) shape.put("cause", errorShape(error.getCause(), depth + 1));
        return shape;
    }

    static long retryAfter(String value) {
        if (value == null || value.isBlank()) return -1;
        try {
            return Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                return Math.max(0, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (Exception notADate) {
                return -1;
            }
        }
    }

    static String reason(String body) {
        String code = field(body, "code"), detail = field(body, "detail");
        if (code == null && detail == null) return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        return ((code == null ? "" : code) + " " + (detail == null ? "" : detail)).trim();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(text.getBytes(StandardCharsets.UTF_8)); }
        return out.toByteArray();
    }

    /** JSON for maps, collections, arrays, strings, numbers, booleans and null; a Throwable becomes the error shape, anything else its toString(). */
    public static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        json(value, out, 0);
        return out.toString();
    }

    private static void json(Object v, StringBuilder out, int depth) {
        if (depth > 20) v = String.valueOf(v);
        if (v == null) out.append("null");
        else if (v instanceof Boolean) out.append(v);
        else if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) string(v.toString(), out); else out.append(v);
        } else if (v instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                json(e.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (v instanceof Collection || v.getClass().isArray()) {
            out.append('[');
            int n = v instanceof Collection ? ((Collection<?>) v).size() : Array.getLength(v);
            Object[] items = v instanceof Collection ? ((Collection<?>) v).toArray() : null;
            for (int i = 0; i < n; i++) {
                if (i > 0) out.append(',');
                json(items != null ? items[i] : Array.get(v, i), out, depth + 1);
            }
            out.append(']');
        } else if (v instanceof Throwable) json(errorShape((Throwable) v), out, depth);
        else string(v.toString(), out);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }

    private static long now() { return System.nanoTime() / 1_000_000; }

    private static String or(String a, String b, String fallback) {
        if (a != null && !a.isEmpty()) return a;
        return b != null && !b.isEmpty() ? b : fallback;
    }

    private static String trimSlash(String s) { return s.replaceAll("/+$", ""); }

    private static void warn(String message) {
        try { System.err.println("devsmith: " + message); } catch (Throwable ignored) { /* nothing left to tell */ }
    }
}
