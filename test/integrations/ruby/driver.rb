# Runs one scenario of docs/integrations/ruby/devsmith_logger.rb for test/integrations/ruby.test.ts.
# Usage: ruby driver.rb <scenario>, configured by the DEVSMITH_* variables like any app.
require_relative "../../../docs/integrations/ruby/devsmith_logger"
require "json"

class CardDeclined < StandardError; end

def failure(message, cause_message)
  begin
    begin
      raise IOError, cause_message
    rescue IOError
      raise CardDeclined, message # Ruby sets #cause to the IOError
    end
  rescue CardDeclined => e
    e
  end
end

case ARGV[0]
when "deliver"
  client = DevSmith::Client.new
  client.info("plain info", user_id: 42, nested: { a: 1 })
  client.error("plain error", { code: "E42" })
  logger = DevSmith::Logger.new(client, progname: "driver")
  logger.warn("adapter warn", order_id: 7)
  logger.error(failure("card declined", "gateway timeout"))
  logger.debug { "adapter debug" }
  logger.info(message: "adapter hash", order_id: 8)
  logger.level = Logger::INFO
  logger.debug("filtered out by level")
  client.close(30)
when "exit-at-once" # no flush, no close: at_exit must deliver
  client = DevSmith::Client.new
  250.times { |i| client.info("exit #{i}") }
when "concurrent"
  client = DevSmith::Client.new
  logger = DevSmith::Logger.new(client)
  threads = 20.times.map do |t|
    Thread.new { 250.times { |i| i.odd? ? logger.info("t#{t}-#{i}", t: t) : client.info("t#{t}-#{i}", t: t) } }
  end
  threads.each(&:join)
  client.close(30)
when "steady" # the test takes the server down and back meanwhile
  client = DevSmith::Client.new
  600.times do |i|
    client.info("steady #{i}", i: i)
    sleep 0.005
  end
  client.close(60)
when "one-then-flush"
  client = DevSmith::Client.new
  3.times { |i| client.info("one #{i}") }
  client.close(20)
when "unreachable-fast"
  client = DevSmith::Client.new(exit_timeout: 0.5)
  logger = DevSmith::Logger.new(client)
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  500.times do |i|
    client.info("fast #{i}", i: i)
    logger.info("fast logger #{i}")
  end
  puts "RESULT #{JSON.generate(elapsed_ms: (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1000)}"
  $stdout.flush
when "drop"
  client = DevSmith::Client.new(max_buffer: 50, flush_interval: 3600)
  120.times { |i| client.info("drop #{i}") }
  client.close(30)
when "aliases" # the server maps aliases; the sample must not turn them into INFO
  client = DevSmith::Client.new
  %w[warning critical err notice Fatal].each { |level| client.log(level, "alias #{level}") }
  client.close(30)
when "error-shape"
  client = DevSmith::Client.new
  logger = DevSmith::Logger.new(client, progname: "driver")
  logger.error("shaped error", error: failure("charge failed", "peer reset"), order_id: 7)
  client.close(30)
when "unreachable-running" # the server is down for the whole run: say so while running
  client = DevSmith::Client.new(flush_interval: 0.2, report_interval: 1.0, max_backoff: 0.2, exit_timeout: 0.5)
  30.times do |i|
    client.info("running #{i}")
    sleep 0.1
  end
  $stderr.write("DRIVER: still running\n")
when "close-unreachable" # five logs, a hung server, and the exit deadline
  client = DevSmith::Client.new(exit_timeout: 0.5)
  5.times { |i| client.info("lost #{i}") }
when "default-url"
  client = DevSmith::Client.new(exit_timeout: 0.5)
  client.info("nowhere")
when "crash" # logs buffered, then an uncaught exception with a cause; no close: at_exit must deliver
  client = DevSmith::Client.new(flush_interval: 3600)
  3.times { |i| client.info("before crash #{i}") }
  begin
    raise KeyError, "card"
  rescue KeyError
    raise "driver crashed" # Ruby sets #cause to the KeyError
  end
else
  abort "unknown scenario #{ARGV[0]}"
end
