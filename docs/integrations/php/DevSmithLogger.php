<?php
// DevSmith Logs: a copy-paste PSR-3 logger for PHP 8.0+ (ext-curl, ext-zlib and psr/log 1, 2 or 3; nothing else).
//
// Copy this file into your app, set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE, then:
//
//     require_once __DIR__ . '/DevSmithLogger.php';
//     $log = new DevSmithLogger();                                     // a Psr\Log\LoggerInterface
//     $log->info('user {user_id} signed in', ['user_id' => 42]);       // {placeholders} filled; context kept
//     $log->error('payment failed', ['exception' => $e, 'order_id' => 7]); // context.error = {type, message, stack, cause}
//     $rows = $log->timed('nightly-report', fn () => buildReport($day), ['day' => $day]); // context.operation + duration_ms
//
// For request logs (context.http), DevSmithRequestLog.php beside this file wraps your front controller.
//
// PHP has no background thread, so sending rides on your own calls: a logging call appends to a bounded buffer
// (default 10,000 entries; when full the oldest are dropped and counted) and nudges a non-blocking curl_multi
// transfer along; it never waits for the network. A gzip batch leaves at 100 entries, or on the first call after
// 5 seconds; network errors, 429 and 5xx are retried with backoff. At shutdown (end of the request or script) what
// is left is sent, waiting at most exit_timeout (5 s). An uncaught exception is logged as FATAL, then PHP reports it
// and exits as it would have. Nothing here throws into your application.
final class DevSmithLogger implements \Psr\Log\LoggerInterface
{
    private const DEFAULTS = [
        'url' => null, 'api_key' => null, 'project' => null, 'service' => null, 'environment' => null, 'version' => null,
        'batch_size' => 100, 'flush_interval' => 5.0, 'max_buffer' => 10000, 'exit_timeout' => 5.0,
        'request_timeout' => 10.0, 'max_backoff' => 30.0, 'report_interval' => 60.0, 'capture_crashes' => true,
    ];

    private const DEFAULT_URL = 'http://localhost:3000';

    private array $opt;
    private string $url; // where logs go, without the /api/logs/batch path
    private string $envelope; // the batch's JSON fields before "logs"
    private array $buffer = []; // entries already serialised to JSON
    private int $dropped = 0, $droppedTotal = 0, $failures = 0, $attempt = 0;
    private float $lastSend, $lastFailureReport = 0.0;
    private ?float $retryAt = null;
    private ?array $batch = null; // [body, idempotency key, count] of the batch in flight or waiting to retry
    private $multi = null, $handle = null;
    private ?string $retryAfterHeader = null;
    private string $lastWarning = '';
    private ?string $lastReason = null; // why the last attempt failed
    private bool $crashed = false;

    public function __construct(array $options = [])
    {
        $this->opt = $options + self::DEFAULTS;
        $env = static fn (string $name) => ($v = getenv($name)) === false || $v === '' ? null : $v;
        $url = $this->opt['url'] ?? $env('DEVSMITH_URL');
        if ($url === null || $url === '') { // a forgotten variable must not quietly mean localhost
            self::warn('DEVSMITH_URL is not set; sending to ' . self::DEFAULT_URL);
        }
        $this->url = rtrim($url ?: self::DEFAULT_URL, '/');
        $envelope = array_filter([
            'project_slug' => $this->opt['project'] ?? $env('DEVSMITH_PROJECT'),
            'service_name' => $this->opt['service'] ?? $env('DEVSMITH_SERVICE') ?? 'app',
            'environment' => $this->opt['environment'], 'version' => $this->opt['version'], 'host' => gethostname() ?: null,
        ], static fn ($v) => $v !== null && $v !== '');
        $this->envelope = substr(json_encode($envelope, JSON_UNESCAPED_SLASHES), 0, -1) . ($envelope ? ',' : '');
        $this->opt['api_key'] ??= $env('DEVSMITH_API_KEY') ?? '';
        $this->lastSend = microtime(true);
        // Registered from a shutdown function, so it runs after the app's own (which may still log).
        register_shutdown_function(fn () => register_shutdown_function([$this, 'shutdown']));
        if ($this->opt['capture_crashes']) {
            $this->captureCrashes();
        }
    }

    // --- PSR-3 -------------------------------------------------------------------------------------------------
    public function emergency($message, array $context = []): void { $this->log('emergency', $message, $context); }
    public function alert($message, array $context = []): void { $this->log('alert', $message, $context); }
    public function critical($message, array $context = []): void { $this->log('critical', $message, $context); }
    public function error($message, array $context = []): void { $this->log('error', $message, $context); }
    public function warning($message, array $context = []): void { $this->log('warning', $message, $context); }
    public function notice($message, array $context = []): void { $this->log('notice', $message, $context); }
    public function info($message, array $context = []): void { $this->log('info', $message, $context); }
    public function debug($message, array $context = []): void { $this->log('debug', $message, $context); }

    /** The level goes as written (PSR-3 names and other aliases are mapped by the server); never throws. */
    public function log($level, $message, array $context = []): void
    {
        try {
            $text = (string) $message;
            if (str_contains($text, '{')) { // PSR-3 placeholders
                $text = strtr($text, self::replacements($context));
            }
            $this->record((string) $level, $text, $context);
        } catch (\Throwable $ignored) {
            // a logger must never break the app
        }
    }

    /** Queues one entry with an explicit time (Unix seconds); used by the Monolog handler. Never throws. */
    public function record(string $level, string $message, array $context = [], ?float $time = null): void
    {
        try {
            if (isset($context['exception']) && $context['exception'] instanceof \Throwable) { // PSR-3 convention
                $context['error'] = $context['exception'];
                unset($context['exception']);
            }
            $time ??= microtime(true);
            $entry = ['timestamp' => gmdate('Y-m-d\TH:i:s', (int) $time) . sprintf('.%03dZ', (int) (fmod($time, 1) * 1000)),
                'level' => $level === '' ? 'INFO' : $level, 'message' => $message, 'context' => (object) self::plain($context)];
            $this->buffer[] = json_encode($entry, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR);
            if (count($this->buffer) > $this->opt['max_buffer']) {
                array_shift($this->buffer);
                $this->dropped++;
                $this->droppedTotal++;
            }
            $this->pump(false);
        } catch (\Throwable $ignored) {
        }
    }

    /**
     * Runs $work, logs how long it took and returns its result: context.operation and context.duration_ms (a float,
     * sub-ms), the convention of DevSmith's performance views (docs/performance.md) for jobs and queries.
     * "<operation> done" at INFO, or "<operation> failed" at ERROR with context.error, the exception thrown on.
     */
    public function timed(string $operation, callable $work, array $context = [])
    {
        $started = hrtime(true);
        try {
            $result = $work();
        } catch (\Throwable $e) {
            $this->record('ERROR', "$operation failed", ['operation' => $operation, 'duration_ms' => self::millisSince($started), 'error' => $e] + $context);
            throw $e;
        }
        $this->record('INFO', "$operation done", ['operation' => $operation, 'duration_ms' => self::millisSince($started)] + $context);
        return $result;
    }

    /** Milliseconds since an hrtime(true) reading, as a float with sub-ms precision. */
    public static function millisSince(int $startedNs): float
    {
        return (hrtime(true) - $startedNs) / 1e6;
    }

    /** Sends everything buffered, waiting at most $timeout seconds (default exit_timeout). */
    public function flush(?float $timeout = null): void
    {
        $end = microtime(true) + ($timeout ?? $this->opt['exit_timeout']);
        try {
            while ($this->pump(true) && microtime(true) < $end) {
                if ($this->handle !== null) {
                    curl_multi_select($this->multi, min(0.05, max(0.001, $end - microtime(true))));
                } else {
                    usleep((int) (1e6 * min(0.05, max(0.001, min($end, $this->retryAt ?? $end) - microtime(true)))));
                }
                if ($this->retryAt !== null && $this->retryAt > $end) {
                    break; // the next retry is later than we may wait
                }
            }
        } catch (\Throwable $e) {
            self::warn('unexpected error while sending logs: ' . $e->getMessage());
        }
    }

    /** Registered with register_shutdown_function: flushes and says how many logs could not be delivered. */
    public function shutdown(): void
    {
        $error = error_get_last();
        if ($this->opt['capture_crashes'] && !$this->crashed && $error !== null && in_array($error['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR], true)) {
            $this->record('FATAL', $error['message'], ['error' => ['type' => 'PHP fatal error', 'message' => $error['message'],
                'stack' => "{$error['message']} in {$error['file']}:{$error['line']}"], 'file' => $error['file'], 'line' => $error['line']]);
        }
        $this->flush();
        $left = count($this->buffer) + ($this->batch[2] ?? 0) + $this->dropped;
        if ($left > 0) {
            self::warn("could not deliver $left logs to {$this->url} before exit (" . ($this->lastReason ?? 'no answer in time') . ')');
        }
    }

    // --- crashes -----------------------------------------------------------------------------------------------
    private function captureCrashes(): void
    {
        $previous = null;
        $previous = set_exception_handler(function (\Throwable $e) use (&$previous): void {
            $this->crashed = true;
            $this->record('FATAL', 'Uncaught ' . get_class($e) . ': ' . $e->getMessage(), ['error' => $e, 'uncaught' => true]);
            if ($previous !== null) {
                $previous($e);
                return;
            }
            restore_exception_handler();
            throw $e; // PHP's own report ("PHP Fatal error: Uncaught ...") and exit status 255; shutdown() then flushes
        });
    }

    // --- sending: a state machine driven by logging calls and flush() ------------------------------------------
    /** Moves the transfer along without waiting; true while anything is left to send. */
    private function pump(bool $all): bool
    {
        if ($this->handle !== null) {
            curl_multi_exec($this->multi, $running);
            if ($running > 0) {
                return true;
            }
            $this->finish();
        }
        $now = microtime(true);
        if ($this->batch !== null) { // waiting to retry
            if ($now >= $this->retryAt) {
                $this->start();
            }
            return true;
        }
        $due = $all || count($this->buffer) >= $this->opt['batch_size'] || $now - $this->lastSend >= $this->opt['flush_interval'];
        if (!$due || (!$this->buffer && !$this->dropped)) {
            return $this->buffer || $this->dropped;
        }
        $logs = array_splice($this->buffer, 0, $this->opt['batch_size']);
        if ($this->dropped > 0) { // report the loss instead of losing silently
            $message = "devsmith logger dropped {$this->dropped} log entries because its buffer was full";
            $logs[] = json_encode(['timestamp' => gmdate('Y-m-d\TH:i:s.000\Z'), 'level' => 'WARN', 'message' => $message,
                'context' => ['devsmith_dropped' => $this->dropped]]);
            self::warn($message);
            $this->dropped = 0;
        }
        $body = gzencode($this->envelope . '"logs":[' . implode(',', $logs) . ']}');
        $this->batch = [$body, bin2hex(random_bytes(16)), count($logs)]; // one key per batch, kept on retries: stored once
        $this->attempt = 0;
        $this->lastSend = $now;
        $this->start();
        return true;
    }

    private function start(): void
    {
        $this->multi ??= curl_multi_init();
        $this->retryAt = null;
        $this->retryAfterHeader = null;
        $this->handle = curl_init($this->url . '/api/logs/batch');
        $timeoutMs = (int) ($this->opt['request_timeout'] * 1000);
        curl_setopt_array($this->handle, [
            CURLOPT_POST => true, CURLOPT_POSTFIELDS => $this->batch[0], CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT_MS => $timeoutMs, CURLOPT_TIMEOUT_MS => $timeoutMs, CURLOPT_NOSIGNAL => true,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Content-Encoding: gzip', 'Expect:',
                'Authorization: Bearer ' . $this->opt['api_key'], 'Idempotency-Key: ' . $this->batch[1]],
            CURLOPT_HEADERFUNCTION => function ($h, string $line): int {
                if (stripos($line, 'retry-after:') === 0) {
                    $this->retryAfterHeader = trim(substr($line, 12));
                }
                return strlen($line);
            },
        ]);
        curl_multi_add_handle($this->multi, $this->handle);
        curl_multi_exec($this->multi, $running);
    }

    private function finish(): void
    {
        $info = curl_multi_info_read($this->multi);
        $status = (int) curl_getinfo($this->handle, CURLINFO_RESPONSE_CODE);
        $error = $info !== false && $info['result'] !== CURLE_OK ? curl_strerror($info['result']) . ' ' . curl_error($this->handle) : null;
        $body = (string) curl_multi_getcontent($this->handle);
        curl_multi_remove_handle($this->multi, $this->handle);
        curl_close($this->handle);
        $this->handle = null;
        $count = $this->batch[2];
        if ($error === null && $status >= 200 && $status < 300) {
            $this->delivered($status, $body, $count);
            return;
        }
        if ($error === null && $status !== 429 && $status < 500) { // other 4xx are final: retrying cannot help
            $this->batch = null;
            $this->warnOnce("server refused $count logs: HTTP $status " . self::reason($body));
            return;
        }
        $this->failures++;
        $this->lastReason = trim($error ?? "HTTP $status " . self::reason($body));
        $now = microtime(true);
        if ($this->lastFailureReport === 0.0 || $now - $this->lastFailureReport >= $this->opt['report_interval']) {
            $this->lastFailureReport = $now; // one line per failure spell, then at most one per report_interval
            $waiting = count($this->buffer) + $count;
            $dropped = $this->droppedTotal > 0 ? ", {$this->droppedTotal} dropped (buffer full)" : '';
            self::warn("cannot deliver logs to {$this->url} ({$this->lastReason}); $waiting logs waiting$dropped, "
                . "{$this->failures} failed attempts; retrying with backoff");
        }
        $delay = self::retryAfter($this->retryAfterHeader);
        if ($delay === null) { // exponential backoff with jitter: ~0.5 s, 1 s, 2 s ... up to max_backoff
            $base = min($this->opt['max_backoff'], 0.5 * 2 ** min($this->attempt, 16));
            $delay = $base / 2 + mt_rand() / mt_getrandmax() * $base / 2;
        }
        $this->attempt++;
        $this->retryAt = $now + $delay;
    }

    private function delivered(int $status, string $body, int $count): void
    {
        $this->batch = null;
        if ($this->failures > 0) {
            self::warn("delivering to {$this->url} again after {$this->failures} failed attempts");
        }
        $this->failures = 0;
        $this->lastFailureReport = 0.0;
        $rejected = $status === 200 ? (json_decode($body, true)['rejected'] ?? []) : [];
        if ($rejected) {
            $this->warnOnce('server refused ' . count($rejected) . " of $count logs: " . ($rejected[0]['reason'] ?? ''));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------
    /** The documented error shape: {type, message, stack, cause?}, plus PHP's file, line and code. */
    public static function errorShape(\Throwable $e, int $depth = 0): array
    {
        $shape = ['type' => get_class($e), 'message' => $e->getMessage(),
            'stack' => get_class($e) . ': ' . $e->getMessage() . ' in ' . $e->getFile() . ':' . $e->getLine() . "\nStack trace:\n" . $e->getTraceAsString(),
            'file' => $e->getFile(), 'line' => $e->getLine(), 'code' => $e->getCode()];
        if ($e->getPrevious() !== null && $depth < 5) {
            $shape['cause'] = self::errorShape($e->getPrevious(), $depth + 1);
        }
        return $shape;
    }

    /** JSON-safe copy: throwables as the error shape, dates as ISO 8601, other objects by JsonSerializable or string. */
    private static function plain($value, int $depth = 0)
    {
        if ($depth > 20) {
            return is_scalar($value) ? $value : get_debug_type($value);
        }
        if (is_array($value)) {
            return array_map(static fn ($v) => self::plain($v, $depth + 1), $value);
        }
        if (is_float($value) && !is_finite($value)) {
            return (string) $value;
        }
        if (!is_object($value)) {
            return is_resource($value) ? get_debug_type($value) : $value;
        }
        if ($value instanceof \Throwable) {
            return self::plain(self::errorShape($value), $depth);
        }
        if ($value instanceof \DateTimeInterface) {
            return $value->format(DATE_RFC3339_EXTENDED);
        }
        if ($value instanceof \JsonSerializable) {
            return self::plain($value->jsonSerialize(), $depth + 1);
        }
        return method_exists($value, '__toString') ? (string) $value : get_class($value);
    }

    private static function replacements(array $context): array
    {
        $out = [];
        foreach ($context as $key => $value) {
            if (is_scalar($value) || $value === null || (is_object($value) && method_exists($value, '__toString'))) {
                $out['{' . $key . '}'] = is_bool($value) ? var_export($value, true) : (string) $value;
            }
        }
        return $out;
    }

    private static function retryAfter(?string $value): ?float
    {
        if ($value === null || $value === '') {
            return null;
        }
        if (is_numeric($value)) {
            return max(0.0, (float) $value);
        }
        $at = strtotime($value);
        return $at === false ? null : max(0.0, $at - microtime(true));
    }

    private static function reason(string $body): string
    {
        $problem = json_decode($body, true);
        return is_array($problem) ? trim(($problem['code'] ?? '') . ' ' . ($problem['detail'] ?? $problem['title'] ?? '')) : substr($body, 0, 200);
    }

    private function warnOnce(string $message): void
    {
        if ($message !== $this->lastWarning) {
            self::warn($message);
        }
        $this->lastWarning = $message;
    }

    private static function warn(string $message): void
    {
        try {
            defined('STDERR') ? fwrite(STDERR, "devsmith: $message\n") : error_log("devsmith: $message");
        } catch (\Throwable $ignored) {
        }
    }
}
