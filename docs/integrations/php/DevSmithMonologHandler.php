<?php
// DevSmith Logs: a Monolog handler (Monolog 2; written to Monolog 3's interface too). It sends through
// DevSmithLogger.php: copy both files, then
//
//     require_once __DIR__ . '/DevSmithMonologHandler.php';
//     $monolog = new Monolog\Logger('app');
//     $monolog->pushHandler(new DevSmithMonologHandler());          // or (new DevSmithLogger([...]), Level::Info)
//     $monolog->warning('disk almost full', ['mount' => '/var']);
//
// Monolog level names go as written (NOTICE, CRITICAL, ALERT, EMERGENCY are mapped by the server); context and
// the processors' `extra` become context, the channel is `context.channel`, and a PSR-3 `exception` in context
// becomes context.error = {type, message, stack, cause}. Batching, retries and the exit flush are DevSmithLogger's.
require_once __DIR__ . '/DevSmithLogger.php';

// Parameters are untyped on purpose: Monolog 2 passes arrays, Monolog 3 LogRecord objects (ArrayAccess to the same keys).
final class DevSmithMonologHandler implements \Monolog\Handler\HandlerInterface
{
    private DevSmithLogger $devsmith;
    private int $level;

    /** @param int|string|object $level the minimum Monolog level: 200, 'warning', or a Monolog 3 Level */
    public function __construct(?DevSmithLogger $logger = null, $level = 100, private bool $bubble = true)
    {
        $this->devsmith = $logger ?? new DevSmithLogger();
        $this->level = is_object($level) ? $level->value : (is_int($level) ? $level : \Monolog\Logger::toMonologLevel($level));
    }

    public function isHandling($record): bool
    {
        return self::levelOf($record) >= $this->level;
    }

    public function handle($record): bool
    {
        if (!$this->isHandling($record)) {
            return false;
        }
        try {
            $context = (array) $record['context'];
            if ($record['extra']) {
                $context += (array) $record['extra'];
            }
            $context['channel'] = $record['channel'];
            $time = (float) $record['datetime']->format('U.u');
            $this->devsmith->record((string) $record['level_name'], (string) $record['message'], $context, $time);
        } catch (\Throwable $ignored) {
            // a logger must never break the app
        }
        return $this->bubble === false;
    }

    public function handleBatch(array $records): void
    {
        foreach ($records as $record) {
            $this->handle($record);
        }
    }

    public function close(): void
    {
        $this->devsmith->flush();
    }

    private static function levelOf($record): int
    {
        $level = $record['level'];
        return is_object($level) ? $level->value : (int) $level;
    }
}
