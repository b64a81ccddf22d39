<?php
// DevSmith Logs: one log per request for any PHP front controller (index.php, PHP 8.0+, no framework needed), in the
// shape DevSmith's performance views read (docs/performance.md): context.http = {method, route, status,
// duration_ms}, plus the X-Request-Id header (or a new id) as context.request_id. ERROR for 5xx, WARN for 4xx,
// INFO otherwise.
//
//     require_once __DIR__ . '/DevSmithLogger.php';
//     require_once __DIR__ . '/DevSmithRequestLog.php';
//     $log = new DevSmithLogger();
//     DevSmithRequestLog::handle($log, function (DevSmithRequestLog $request) {
//         // ... your router; once it knows the route:
//         $request->route('/orders/{id}');
//     });
//
// The route is a TEMPLATE, so requests group by endpoint, not by id: name it with route() (frameworks know it:
// Laravel's $request->route()->uri(), Symfony's _route attribute, Slim's RouteContext pattern). When the app names
// none (a 404) there is no template: the raw path stands in. An exception the app throws is logged as "Unhandled
// error" with its stack and answered 500 (when no header was sent yet); it does not travel further.
final class DevSmithRequestLog
{
    private ?string $route = null;

    private function __construct(private DevSmithLogger $log, private string $requestId)
    {
    }

    /** Names the route template of this request ("/orders/{id}"). */
    public function route(string $template): void
    {
        $this->route = $template;
    }

    public function requestId(): string
    {
        return $this->requestId;
    }

    /** Runs $app(DevSmithRequestLog) as the request's front controller and logs the request when it returns. */
    public static function handle(DevSmithLogger $log, callable $app): void
    {
        $started = hrtime(true);
        $requestId = (string) ($_SERVER['HTTP_X_REQUEST_ID'] ?? '');
        if ($requestId === '') {
            $requestId = bin2hex(random_bytes(8));
        }
        if (!headers_sent()) {
            header('X-Request-Id: ' . $requestId);
        }
        $request = new self($log, $requestId);
        try {
            $app($request);
        } catch (\Throwable $e) {
            $log->record('ERROR', 'Unhandled error: ' . $e->getMessage(), ['error' => $e, 'request_id' => $requestId]);
            if (!headers_sent()) {
                http_response_code(500);
                header('Content-Type: application/json');
                echo '{"error":"Internal Server Error"}';
            }
        } finally {
            $request->logRequest($started);
        }
    }

    private function logRequest(int $started): void
    {
        $method = (string) ($_SERVER['REQUEST_METHOD'] ?? 'GET');
        $path = (string) (parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH) ?: '/');
        $status = http_response_code() ?: 200; // false outside a web server (the CLI)
        $http = ['method' => $method, 'route' => $this->route ?? $path, 'status' => $status,
            'duration_ms' => DevSmithLogger::millisSince($started)];
        $level = $status >= 500 ? 'ERROR' : ($status >= 400 ? 'WARN' : 'INFO');
        $this->log->record($level, "$method $path $status", ['http' => $http, 'request_id' => $this->requestId]);
    }
}
