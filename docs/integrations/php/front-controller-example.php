<?php
// A plain PHP front controller with DevSmith: one log per request (context.http with route templates) and every
// unhandled exception captured with its stack, then answered 500.
// Run: DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web php -S 127.0.0.1:3004 front-controller-example.php
// (php -S runs this file for every request, as nginx + PHP-FPM runs an index.php.)
declare(strict_types=1);

// PSR-3's interface (php-psr-log, or composer require psr/log): DevSmithLogger implements it.
require_once 'Psr/Log/autoload.php';
require_once __DIR__ . '/DevSmithLogger.php';
require_once __DIR__ . '/DevSmithRequestLog.php';

$log = new DevSmithLogger(); // sends what is left at the end of each request

DevSmithRequestLog::handle($log, static function (DevSmithRequestLog $request): void {
    $path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
    if ($path === '/') {
        $request->route('/');
        respond(200, ['hello' => 'world']);
    } elseif (preg_match('#^/orders/(\d+)$#', $path, $m)) {
        $request->route('/orders/{id}'); // the template, not /orders/42
        respond(200, ['order_id' => (int) $m[1]]);
    } elseif ($path === '/boom') {
        $request->route('/boom');
        throw new RuntimeException('Something broke');
    } else {
        respond(404, ['error' => 'Not Found']); // no route: the request log keeps the raw path
    }
});

function respond(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body);
}
