// The scenarios of test/integrations/failure-suite.ts (aliases, error shape, delivery failures, crash) for Java,
// as the JavaScript, Python and Go drivers run them.
import java.net.SocketException;
import java.util.logging.Level;

class Failures {
    static boolean run(String scenario) throws Exception {
        switch (scenario) {
            case "aliases": { // the server maps aliases; the sample must not turn them into INFO
                DevSmithHandler log = new DevSmithHandler();
                for (String level : new String[] {"warning", "critical", "err", "notice", "Fatal"}) log.log(level, "alias " + level, null);
                log.close();
                return true;
            }
            case "error-shape": {
                DevSmithHandler log = new DevSmithHandler();
                Driver.jul(log).log(Level.SEVERE, "shaped error", new IllegalStateException("charge failed", new SocketException("peer reset")));
                log.close();
                return true;
            }
            case "unreachable-running": { // the server is down for the whole run: say so while running
                DevSmithHandler.Options o = new DevSmithHandler.Options();
                o.flushIntervalMs = 200;
                o.reportIntervalMs = 1_000;
                o.maxBackoffMs = 200;
                o.exitTimeoutMs = 500;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 30; i++) {
                    log.info("running " + i, null);
                    Thread.sleep(100);
                }
                System.err.println("DRIVER: still running");
                return true;
            }
            case "close-unreachable": // five logs, a hung server, and the exit deadline
            case "default-url": {
                DevSmithHandler.Options o = new DevSmithHandler.Options();
                o.exitTimeoutMs = 500;
                DevSmithHandler log = new DevSmithHandler(o);
                if (scenario.equals("default-url")) log.info("nowhere", null);
                else for (int i = 0; i < 5; i++) log.info("lost " + i, null);
                return true;
            }
            case "crash": { // logs buffered, then an uncaught exception with a cause; no close: the handlers must deliver
                DevSmithHandler.Options o = new DevSmithHandler.Options();
                o.flushIntervalMs = 3_600_000;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 3; i++) log.info("before crash " + i, null);
                throw new IllegalStateException("driver crashed", new IllegalArgumentException("card"));
            }
            default:
                return false;
        }
    }
}
