// Runs one scenario of docs/integrations/java (DevSmithHandler, DevSmithAppender) for test/integrations/java.test.ts.
// Usage: java -cp <classes>:<logback jars> Driver <scenario>, configured by the DEVSMITH_* variables like any app.
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

public class Driver {
    static Logger jul(DevSmithHandler handler) {
        Logger jul = Logger.getLogger("driver.jul");
        jul.setUseParentHandlers(false); // only DevSmith, so the test output stays quiet
        jul.addHandler(handler);
        jul.setLevel(Level.ALL);
        return jul;
    }

    static org.slf4j.Logger logback(DevSmithHandler handler) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        DevSmithAppender appender = new DevSmithAppender();
        appender.setContext(context);
        appender.setHandler(handler);
        appender.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("driver.logback");
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);
        logger.addAppender(appender);
        return logger;
    }

    static DevSmithHandler.Options options() { return new DevSmithHandler.Options(); }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "deliver": {
                DevSmithHandler log = new DevSmithHandler();
                log.info("plain info", Map.of("user_id", 42, "nested", Map.of("a", 1)));
                log.error("plain error", Map.of("code", "E42"));
                Logger jul = jul(log);
                jul.log(Level.WARNING, "jul warn {0}", new Object[] {"formatted", Map.of("order_id", 7)});
                jul.log(Level.SEVERE, "jul error", new IllegalStateException("card declined", new java.io.IOException("gateway timeout")));
                jul.fine("jul fine");
                org.slf4j.Logger lb = logback(log);
                MDC.put("request_id", "req-7");
                lb.atWarn().addKeyValue("order_id", 8).log("logback warn {}", "formatted");
                MDC.clear();
                lb.error("logback error", new IllegalArgumentException("bad card", new RuntimeException("root cause")));
                lb.debug("logback debug");
                log.close();
                break;
            }
            case "timed": {
                DevSmithHandler log = new DevSmithHandler();
                int rows = log.timed("nightly-report", Map.of("day", "2026-12-01"), () -> { Thread.sleep(5); return 3; });
                System.out.println("rows " + rows);
                try {
                    log.timed("parse", null, () -> Integer.parseInt("x"));
                } catch (NumberFormatException e) {
                    System.out.println("rethrown " + e.getClass().getSimpleName());
                }
                log.close();
                break;
            }
            case "exit-at-once": { // no flush, no close: the shutdown hook must deliver
                DevSmithHandler log = new DevSmithHandler();
                for (int i = 0; i < 250; i++) log.info("exit " + i, null);
                break;
            }
            case "concurrent": {
                DevSmithHandler log = new DevSmithHandler();
                Logger jul = jul(log);
                org.slf4j.Logger lb = logback(log);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    final int n = t;
                    threads.add(new Thread(() -> {
                        for (int i = 0; i < 250; i++) {
                            String message = "t" + n + "-" + i;
                            if (i % 3 == 0) log.info(message, Map.of("t", n));
                            else if (i % 3 == 1) jul.info(message);
                            else lb.info(message);
                        }
                    }));
                }
                for (Thread t : threads) t.start();
                for (Thread t : threads) t.join();
                log.flush(30_000);
                break;
            }
            case "steady": { // the test takes the server down and back meanwhile
                DevSmithHandler.Options o = options();
                o.exitTimeoutMs = 60_000;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 600; i++) {
                    log.info("steady " + i, Map.of("i", i));
                    Thread.sleep(5);
                }
                log.close();
                break;
            }
            case "one-then-flush": {
                DevSmithHandler.Options o = options();
                o.exitTimeoutMs = 20_000;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 3; i++) log.info("one " + i, null);
                log.close();
                break;
            }
            case "unreachable-fast": {
                DevSmithHandler.Options o = options();
                o.exitTimeoutMs = 500;
                DevSmithHandler log = new DevSmithHandler(o);
                Logger jul = jul(log);
                long started = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    log.info("fast " + i, Map.of("i", i));
                    jul.info("fast jul " + i);
                }
                System.out.println("RESULT {\"elapsed_ms\":" + (System.nanoTime() - started) / 1e6 + "}");
                break;
            }
            case "drop": {
                DevSmithHandler.Options o = options();
                o.maxBuffer = 50;
                o.flushIntervalMs = 3_600_000;
                o.exitTimeoutMs = 30_000;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 120; i++) log.info("drop " + i, null);
                log.close();
                break;
            }
            default:
                if (!Failures.run(args[0])) {
                    System.err.println("unknown scenario " + args[0]);
                    System.exit(2);
                }
        }
    }
}
