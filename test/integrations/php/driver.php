<?php
// Runs one scenario of docs/integrations/php for test/integrations/php.test.ts, with psr/log and Monolog from
// Debian (php-psr-log, php-monolog: their autoloaders live under /usr/share/php).
// Usage: php driver.php <scenario>, configured by the DEVSMITH_* variables like any app.
declare(strict_types=1);

foreach (['Psr/Log/autoload.php', 'Monolog/autoload.php'] as $autoload) {
    if (!stream_resolve_include_path($autoload)) {
        fwrite(STDERR, "missing $autoload: apt-get install php-psr-log php-monolog\n");
        exit(3);
    }
    require_once $autoload;
}
require_once __DIR__ . '/../../../docs/integrations/php/DevSmithMonologHandler.php';

final class CardDeclined extends RuntimeException {}

function monolog(DevSmithLogger $log): Monolog\Logger
{
    $monolog = new Monolog\Logger('driver');
    $monolog->pushHandler(new DevSmithMonologHandler($log));
    $monolog->pushProcessor(static function ($record) {
        $record['extra']['processed'] = true;
        return $record;
    });
    return $monolog;
}

switch ($argv[1]) {
    case 'deliver':
        $log = new DevSmithLogger();
        $log->info('plain info', ['user_id' => 42, 'nested' => ['a' => 1]]);
        $log->error('plain error', ['code' => 'E42']);
        $log->warning('psr warn {order_id}', ['order_id' => 7]);
        $monolog = monolog($log);
        $monolog->notice('monolog notice', ['order_id' => 8]);
        $monolog->error('monolog error', ['exception' => new CardDeclined('card declined', 402, new RuntimeException('gateway timeout'))]);
        $monolog->debug('monolog debug');
        $log->flush(30);
        break;
    case 'exit-at-once': // no flush: the shutdown function must deliver
        $log = new DevSmithLogger();
        for ($i = 0; $i < 250; $i++) {
            $log->info("exit $i");
        }
        break;
    case 'concurrent': // PHP runs one thread per request: concurrency inside one is fibers
        $log = new DevSmithLogger();
        $monolog = monolog($log);
        $fibers = [];
        for ($t = 0; $t < 20; $t++) {
            $fibers[] = new Fiber(function () use ($t, $log, $monolog): void {
                for ($i = 0; $i < 250; $i++) {
                    $i % 2 ? $monolog->info("t$t-$i", ['t' => $t]) : $log->info("t$t-$i", ['t' => $t]);
                    Fiber::suspend();
                }
            });
        }
        foreach ($fibers as $fiber) {
            $fiber->start();
        }
        while ($fibers = array_filter($fibers, static fn (Fiber $f) => !$f->isTerminated())) {
            foreach ($fibers as $fiber) {
                $fiber->resume();
            }
        }
        $log->flush(30);
        break;
    case 'steady': // the test takes the server down and back meanwhile
        $log = new DevSmithLogger(['exit_timeout' => 60]);
        for ($i = 0; $i < 600; $i++) {
            $log->info("steady $i", ['i' => $i]);
            usleep(5000);
        }
        break;
    case 'one-then-flush':
        $log = new DevSmithLogger(['exit_timeout' => 20]);
        for ($i = 0; $i < 3; $i++) {
            $log->info("one $i");
        }
        break;
    case 'unreachable-fast':
        $log = new DevSmithLogger(['exit_timeout' => 0.5]);
        $monolog = monolog($log);
        $started = hrtime(true);
        for ($i = 0; $i < 500; $i++) {
            $log->info("fast $i", ['i' => $i]);
            $monolog->info("fast monolog $i");
        }
        echo 'RESULT ' . json_encode(['elapsed_ms' => (hrtime(true) - $started) / 1e6]) . "\n";
        break;
    case 'timed':
        $log = new DevSmithLogger();
        $rows = $log->timed('nightly-report', static function (): int { usleep(5000); return 3; }, ['day' => '2026-12-01']);
        echo "rows $rows\n";
        try {
            $log->timed('parse', static fn () => intdiv(1, 0));
        } catch (DivisionByZeroError $e) {
            echo "rethrown DivisionByZeroError\n";
        }
        $log->flush(30);
        break;
    case 'drop':
        $log = new DevSmithLogger(['max_buffer' => 50, 'flush_interval' => 3600, 'exit_timeout' => 30]);
        for ($i = 0; $i < 120; $i++) {
            $log->info("drop $i");
        }
        break;
    case 'aliases': // the server maps aliases; the sample must not turn them into INFO
        $log = new DevSmithLogger();
        foreach (['warning', 'critical', 'err', 'notice', 'Fatal'] as $level) {
            $log->log($level, "alias $level");
        }
        break;
    case 'error-shape':
        $log = new DevSmithLogger();
        $failure = new CardDeclined('charge failed', 402, new RuntimeException('peer reset'));
        monolog($log)->error('shaped error', ['exception' => $failure, 'order_id' => 7]);
        break;
    case 'unreachable-running': // the server is down for the whole run: say so while running
        $log = new DevSmithLogger(['flush_interval' => 0.2, 'report_interval' => 1.0, 'max_backoff' => 0.2, 'exit_timeout' => 0.5]);
        for ($i = 0; $i < 30; $i++) {
            $log->info("running $i"); // PHP has no sender thread: logging calls move retries along
            usleep(100000);
        }
        fwrite(STDERR, "DRIVER: still running\n");
        break;
    case 'close-unreachable': // five logs, a hung server, and the exit deadline
        $log = new DevSmithLogger(['exit_timeout' => 0.5]);
        for ($i = 0; $i < 5; $i++) {
            $log->info("lost $i");
        }
        break;
    case 'default-url':
        $log = new DevSmithLogger(['exit_timeout' => 0.5]);
        $log->info('nowhere');
        break;
    case 'crash': // logs buffered, then an uncaught exception with a cause: the handlers must deliver
        $log = new DevSmithLogger(['flush_interval' => 3600]);
        for ($i = 0; $i < 3; $i++) {
            $log->info("before crash $i");
        }
        throw new LogicException('driver crashed', 0, new OutOfBoundsException('card'));
    default:
        fwrite(STDERR, "unknown scenario {$argv[1]}\n");
        exit(2);
}
