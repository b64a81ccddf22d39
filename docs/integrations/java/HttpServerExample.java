// The JDK's HTTP server with DevSmith: one log per request (context.http with route templates) and every
// unhandled exception captured with its stack, then answered 500.
// Run: javac DevSmithHandler.java DevSmithHttpFilter.java HttpServerExample.java
//      DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web java HttpServerExample
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

public class HttpServerExample {
    public static void main(String[] args) throws IOException {
        DevSmithHandler log = new DevSmithHandler(); // flushes at JVM exit (SIGTERM included) on its own
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3003"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        DevSmithHttpFilter requests = new DevSmithHttpFilter(log);
        Map<String, HttpHandler> routes = Map.of(
            "/", exchange -> {
                if (!exchange.getRequestURI().getPath().equals("/")) json(exchange, 404, "{\"error\":\"Not Found\"}");
                else json(exchange, 200, "{\"hello\":\"world\"}");
            },
            "/orders/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/orders/".length());
                if (!id.matches("\\d+")) { json(exchange, 404, "{\"error\":\"Not Found\"}"); return; }
                exchange.setAttribute(DevSmithHttpFilter.ROUTE, "/orders/{id}"); // the template, not /orders/42
                json(exchange, 200, "{\"order_id\":" + id + "}");
            },
            "/boom", exchange -> { throw new IllegalStateException("Something broke"); });
        routes.forEach((path, handler) -> server.createContext(path, handler).getFilters().add(requests));
        server.start();
        log.info("http server example listening", Map.of("port", port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1))); // finish open requests
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
