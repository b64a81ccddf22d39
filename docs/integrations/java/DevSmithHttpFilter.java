// DevSmith Logs: request logging for the JDK's own HTTP server (com.sun.net.httpserver, Java 11+, nothing else).
//
// One log per request with context.http = {method, route, status, duration_ms}, the convention of DevSmith's
// performance views (docs/performance.md), and the X-Request-Id header (or a new id) as context.request_id.
// ERROR for 5xx, WARN for 4xx, INFO otherwise. An exception a handler throws is logged with its stack and
// answered 500 (when nothing was answered yet); an Error (OutOfMemoryError...) is then thrown on.
//
//     HttpContext orders = server.createContext("/orders/", ordersHandler);
//     orders.getFilters().add(new DevSmithHttpFilter(devsmith));
//     // in the handler, once it knows which route it serves:
//     exchange.setAttribute(DevSmithHttpFilter.ROUTE, "/orders/{id}");
//
// The route is a TEMPLATE so requests group by endpoint: the ROUTE attribute when the handler (or your router)
// set it, else the path the context was created with. When the handler answered 404 without naming a route, no
// route matched: the raw path stands in. (A servlet Filter does the same with Spring's request attribute
// "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern".)
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

public class DevSmithHttpFilter extends Filter {
    /** Exchange attribute holding the route template of the request, set by the handler or a router. */
    public static final String ROUTE = "devsmith.route";
    /** Exchange attribute holding the request id (from X-Request-Id, or a new one), for the handler's own logs. */
    public static final String REQUEST_ID = "devsmith.request_id";

    private final DevSmithHandler log;

    public DevSmithHttpFilter(DevSmithHandler log) { this.log = log; }

    @Override public String description() { return "DevSmith request log (context.http)"; }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long started = System.nanoTime();
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId == null || requestId.isBlank()) requestId = UUID.randomUUID().toString();
        exchange.setAttribute(REQUEST_ID, requestId);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        String method = exchange.getRequestMethod(), path = exchange.getRequestURI().getPath();
        try {
            chain.doFilter(exchange);
        } catch (IOException | RuntimeException | Error e) {
            log.log("ERROR", "Unhandled error: " + e.getMessage(), Map.of("request_id", requestId), e);
            if (exchange.getResponseCode() == -1) answer500(exchange); // otherwise the answer has begun: cut it
            if (e instanceof Error) throw (Error) e; // the JVM is in trouble (out of memory...): not ours to hide
        } finally {
            int status = exchange.getResponseCode() == -1 ? 500 : exchange.getResponseCode();
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("method", method);
            http.put("route", routeOf(exchange, path, status));
            http.put("status", status);
            http.put("duration_ms", DevSmithHandler.millisSince(started));
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("http", http);
            context.put("request_id", requestId);
            log.log(status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO", method + " " + path + " " + status, context);
            exchange.close();
        }
    }

    private static String routeOf(HttpExchange exchange, String path, int status) {
        Object route = exchange.getAttribute(ROUTE);
        if (route != null) return route.toString();
        if (status == 404) return path; // nothing matched: there is no template
        return exchange.getHttpContext().getPath();
    }

    private static void answer500(HttpExchange exchange) {
        byte[] body = "{\"error\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, body.length);
            out.write(body);
        } catch (IOException ignored) {
            // the client went away: nothing left to tell it
        }
    }
}
