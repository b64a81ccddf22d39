// DevSmith Logs: a Logback appender (logback-classic 1.3+, SLF4J 2). It sends through DevSmithHandler.java:
// copy both files into your sources (add your `package` line), then in logback.xml:
//
//     <appender name="DEVSMITH" class="DevSmithAppender"/>        <!-- your.package.DevSmithAppender -->
//     <root level="INFO"><appender-ref ref="DEVSMITH"/></root>
//
// configured by DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE (or <url>, <apiKey>, <project>,
// <service> elements inside <appender>). MDC entries, SLF4J key-value pairs (`log.atInfo().addKeyValue("order_id", 7)`)
// and markers become context; an exception becomes context.error = {type, message, stack, cause}.
// append() only queues: batching, retries, the bounded buffer, exit flush and crash capture are DevSmithHandler's.
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

public class DevSmithAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final DevSmithHandler.Options options = new DevSmithHandler.Options();
    private DevSmithHandler devsmith;

    public void setUrl(String url) { options.url = url; }
    public void setApiKey(String apiKey) { options.apiKey = apiKey; }
    public void setProject(String project) { options.project = project; }
    public void setService(String service) { options.service = service; }
    public void setEnvironment(String environment) { options.environment = environment; }
    public void setVersion(String version) { options.version = version; }
    public void setMaxBuffer(int maxBuffer) { options.maxBuffer = maxBuffer; }
    public void setExitTimeoutMs(long exitTimeoutMs) { options.exitTimeoutMs = exitTimeoutMs; }
    public void setCaptureCrashes(boolean captureCrashes) { options.captureCrashes = captureCrashes; }

    /** Sends through an existing DevSmithHandler (one buffer and one sender for JUL and Logback alike). */
    public void setHandler(DevSmithHandler handler) { devsmith = handler; }

    @Override
    public void start() {
        if (devsmith == null) devsmith = new DevSmithHandler(options);
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        devsmith.close();
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            Map<String, Object> ctx = new LinkedHashMap<>(event.getMDCPropertyMap());
            if (event.getKeyValuePairs() != null) for (KeyValuePair kv : event.getKeyValuePairs()) ctx.put(kv.key, kv.value);
            if (event.getMarkerList() != null && !event.getMarkerList().isEmpty()) {
                ctx.put("markers", event.getMarkerList().stream().map(Marker::getName).toArray());
            }
            ctx.put("logger", event.getLoggerName());
            ctx.put("thread", event.getThreadName());
            if (event.getThrowableProxy() != null) ctx.put("error", errorShape(event.getThrowableProxy(), 0));
            devsmith.log(event.getLevel().toString(), event.getFormattedMessage(), ctx, null, event.getTimeStamp());
        } catch (Throwable t) {
            addError("devsmith: could not queue a log event", t); // Logback's own status channel
        }
    }

    /** Logback hands a proxy, not the Throwable: the same {type, message, stack, cause} shape, from it. */
    private static Map<String, Object> errorShape(IThrowableProxy proxy, int depth) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("type", proxy.getClassName());
        shape.put("message", proxy.getMessage() == null ? "" : proxy.getMessage());
        shape.put("stack", ThrowableProxyUtil.asString(proxy));
        if (proxy.getCause() != null && depth < 5) shape.put("cause", errorShape(proxy.getCause(), depth + 1));
        return shape;
    }
}
