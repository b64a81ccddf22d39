# Runs the performance-convention scenarios of docs/integrations/ruby for test/integrations/ruby.test.ts: the Rack
# middleware (called the way a Rack server calls it, with a Rack env, like Rack::MockRequest) and Client#timed.
# Usage: ruby perf_driver.rb <scenario>, configured by the DEVSMITH_* variables like any app.
require_relative "../../../docs/integrations/ruby/devsmith_rack"
require "stringio"

# A Rack app that routes the way the frameworks do and leaves the route where they leave it.
ROUTER = lambda do |env|
  case [env["REQUEST_METHOD"], env["PATH_INFO"]]
  in ["GET", %r{\A/orders/\d+\z}] # Sinatra
    env["sinatra.route"] = "GET /orders/:id"
    [200, { "content-type" => "application/json" }, ['{"order":42}']]
  in ["GET", %r{\A/items/[\w-]+\z}] # Rails 7.1+
    env["action_dispatch.route_uri_pattern"] = "/items/:sku(.:format)"
    [200, { "content-type" => "application/json" }, ["{}"]]
  in ["POST", "/orders"] # any framework: the app names its route itself
    env["devsmith.route"] = "/orders"
    [201, {}, []]
  in ["GET", "/boom"]
    env["sinatra.route"] = "GET /boom"
    raise "Something broke"
  else
    [404, {}, ["Not Found"]]
  end
end

def rack_env(method, path, request_id = nil)
  env = { "REQUEST_METHOD" => method, "SCRIPT_NAME" => "", "PATH_INFO" => path, "QUERY_STRING" => "",
          "SERVER_NAME" => "localhost", "SERVER_PORT" => "80", "rack.url_scheme" => "http",
          "rack.input" => StringIO.new, "rack.errors" => $stderr }
  env["HTTP_X_REQUEST_ID"] = request_id if request_id
  env
end

case ARGV[0]
when "rack"
  client = DevSmith::Client.new
  app = DevSmith::RackRequestLogger.new(ROUTER, client: client)
  status, headers, = app.call(rack_env("GET", "/orders/42", "req-42"))
  puts "answered #{status} #{headers['x-request-id']}"
  [%w[POST /orders], %w[GET /items/ab-1], %w[GET /no/such/page]].each { |method, path| app.call(rack_env(method, path)) }
  begin
    app.call(rack_env("GET", "/boom"))
  rescue RuntimeError => e
    puts "raised on: #{e.message}"
  end
  client.close(30)
when "timed"
  client = DevSmith::Client.new
  rows = client.timed("nightly-report", day: "2026-12-01") { sleep 0.005; 3 }
  puts "rows #{rows}"
  begin
    client.timed("parse") { Integer("x") }
  rescue ArgumentError
    puts "rethrown ArgumentError"
  end
  client.close(30)
else
  abort "unknown scenario #{ARGV[0]}"
end
