# DevSmith Logs: Rack middleware that logs every request in the shape DevSmith's performance views read
# (docs/performance.md): context.http = {method, route, status, duration_ms}, plus the X-Request-Id header (or a
# new id) as context.request_id. ERROR for 5xx, WARN for 4xx, INFO otherwise. No gem needed: Rack's protocol is a
# `call(env)` that answers [status, headers, body].
#
#   require_relative "devsmith_rack"
#   use DevSmith::RackRequestLogger                                  # config.ru / Sinatra
#   config.middleware.insert(0, DevSmith::RackRequestLogger)         # Rails (config/application.rb)
#   use DevSmith::RackRequestLogger, client: DevSmith::Client.new(service: "web")  # your own client
#
# The route is a TEMPLATE, so requests group by endpoint, not by id. Put the middleware first: it reads what the
# framework left in the (shared) env after routing:
#   env["devsmith.route"]                      set it yourself, in any framework ("/orders/:id")
#   env["action_dispatch.route_uri_pattern"]   Rails 7.1+ ("/orders/:id(.:format)": the optional format is dropped)
#   env["sinatra.route"]                       Sinatra ("GET /orders/:id": the verb is dropped)
# When no route matched (a 404) there is no template: the raw path stands in. An exception from the app is
# logged as "Unhandled error" with its backtrace and the request as a 500, then raised on for the server's own
# error page. The duration runs until the app returns (a streamed body's time is not in it).
require_relative "devsmith_logger"

module DevSmith
  class RackRequestLogger
    def initialize(app, client: nil)
      @app = app
      @client = client || Client.new
    end

    def call(env)
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond)
      request_id = env["HTTP_X_REQUEST_ID"].to_s.empty? ? SecureRandom.uuid : env["HTTP_X_REQUEST_ID"]
      env["devsmith.request_id"] = request_id
      status, headers, body = @app.call(env)
      headers["x-request-id"] ||= request_id if headers.respond_to?(:[]=) && !headers.frozen?
      [status, headers, body]
    rescue Exception => e # rubocop:disable Lint/RescueException -- logged, then raised on unchanged
      @client.log("ERROR", "Unhandled error: #{e.message}", error: e, request_id: request_id)
      status = 500
      raise
    ensure
      log_request(env, status.to_i, started, request_id) if started
    end

    private

    def log_request(env, status, started, request_id)
      method, path = env["REQUEST_METHOD"], "#{env['SCRIPT_NAME']}#{env['PATH_INFO']}"
      level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO"
      http = { method: method, route: route_of(env, path, status), status: status,
               duration_ms: Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond) - started }
      @client.log(level, "#{method} #{path} #{status}", http: http, request_id: request_id)
    end

    def route_of(env, path, status)
      route = env["devsmith.route"]
      route ||= env["action_dispatch.route_uri_pattern"]&.delete_suffix("(.:format)")
      route ||= env["sinatra.route"]&.split(" ", 2)&.last
      route = "#{env['SCRIPT_NAME']}#{route}" if route && !route.start_with?(env["SCRIPT_NAME"].to_s) # a mounted app
      route || path # no route matched (a 404): no template, the raw path stands in
    end
  end
end
