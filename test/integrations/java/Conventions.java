// The scenarios of test/integrations/conventions.ts (level aliases, error shape, crash, delivery failures) for Java.
import java.util.Map;

class Conventions {
    static boolean run(String scenario) throws Exception {
        switch (scenario) {
            case "aliases": {
                DevSmithHandler log = new DevSmithHandler();
                for (String level : new String[] {"warning", "critical", "err", "notice"}) log.log(level, "alias " + level, null);
                log.close();
                return true;
            }
            case "error-shape": {
                DevSmithHandler log = new DevSmithHandler();
                log.log("ERROR", "error shape", Map.of("order_id", 7), new IllegalStateException("card declined", new java.io.IOException("gateway timeout")));
                log.close();
                return true;
            }
            case "crash": { // no close: the uncaught-exception handler and the shutdown hook must deliver both
                DevSmithHandler log = new DevSmithHandler();
                log.info("before crash", null);
                throw new IllegalStateException("boom at crash");
            }
            case "unreachable-report": {
                DevSmithHandler.Options o = new DevSmithHandler.Options();
                o.exitTimeoutMs = 1_000;
                DevSmithHandler log = new DevSmithHandler(o);
                for (int i = 0; i < 100; i++) log.info("unreachable " + i, null); // a full batch: sent at once
                Thread.sleep(3_000); // several retries fail meanwhile
                return true;
            }
            default:
                return false;
        }
    }
}
