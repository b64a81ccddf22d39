# DevSmith Logs: a copy-paste logger for Ruby 2.7+ (standard library only: Net::HTTP, Zlib, JSON, Logger).
#
# Copy this file into your app, set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE, then use
# the ::Logger-compatible class wherever a Logger goes (Rails.logger, Sidekiq, your own code):
#
#   require_relative "devsmith_logger"
#   logger = DevSmith::Logger.new                                   # a ::Logger: level, progname, blocks all work
#   logger.info("user signed in", user_id: 42)                      # keyword fields (or a Hash) become context
#   logger.error("payment failed", error: e, order_id: 7)           # context.error = {type, message, stack, cause}
#   logger.warn { "built lazily" }
#   logger.client.timed("nightly-report", day: day) { build_report(day) } # context.operation + context.duration_ms
#
# For Rack apps (Rails, Sinatra, Roda, Hanami), devsmith_rack.rb beside this file logs each request as context.http.
#
# or the client directly: `DevSmith::Client.new.log("warning", "disk full", mount: "/var")` (levels and aliases
# go as written; the server maps them).
#
# Logging calls only append to a bounded in-memory buffer (default 10,000 entries; when full the oldest are
# dropped and counted) and return at once. A background thread sends gzip batches of up to 100 entries every
# 5 seconds, retrying network errors, 429 and 5xx with backoff; at_exit flushes, and an uncaught exception is
# logged as FATAL before Ruby reports it and exits as it would have. Nothing here raises into your application.
require "json"
require "logger"
require "net/http"
require "securerandom"
require "socket"
require "time"
require "uri"
require "zlib"

module DevSmith
  DEFAULT_URL = "http://localhost:3000"

  class Client
    attr_reader :url # where logs go, without the /api/logs/batch path

    def initialize(url: nil, api_key: nil, project: nil, service: nil, environment: nil, version: nil,
                   batch_size: 100, flush_interval: 5.0, max_buffer: 10_000, exit_timeout: 5.0, request_timeout: 10.0,
                   max_backoff: 30.0, report_interval: 60.0, capture_crashes: true)
      url = [url, ENV["DEVSMITH_URL"]].find { |u| u && !u.empty? }
      DevSmith.warn("DEVSMITH_URL is not set; sending to #{DEFAULT_URL}") unless url # not quietly localhost
      @url = (url || DEFAULT_URL).chomp("/")
      @endpoint = URI("#{@url}/api/logs/batch")
      @api_key = api_key || ENV.fetch("DEVSMITH_API_KEY", "")
      envelope = { project_slug: project || ENV["DEVSMITH_PROJECT"], service_name: service || ENV["DEVSMITH_SERVICE"] || "app",
                   environment: environment, version: version, host: Socket.gethostname }
      @envelope = envelope.reject { |_, v| v.nil? || v.to_s.empty? }
      @batch_size, @flush_interval, @max_buffer = batch_size, flush_interval, max_buffer
      @exit_timeout, @request_timeout, @max_backoff = exit_timeout, request_timeout, max_backoff
      @report_interval = report_interval # at most one "cannot deliver" line on stderr per interval
      @mutex = Mutex.new # guards everything below; @cond wakes the worker and flush
      @cond = ConditionVariable.new
      @buffer = [] # entries already serialised to JSON: later changes to a context do not leak in
      @dropped = @dropped_total = @sending = @abandoned = @failures = 0
      @urgent = @closed = false
      @deadline = nil # set by close: retries stop when it passes
      @last_warning = nil
      @last_reason = nil # why the last attempt failed
      @last_failure_report = nil
      start_worker
      at_exit { exiting(capture_crashes ? $! : nil) }
    end

    %w[trace debug info warn error fatal].each do |name|
      define_method(name) { |message, context = nil, **fields| log(name.upcase, message, context, **fields) }
    end

    # Queues one entry; never blocks on the network, never raises. `error:` (an Exception) becomes context.error.
    def log(level, message, context = nil, **fields)
      ctx = (context.is_a?(Hash) ? context : (context.nil? ? {} : { value: context })).merge(fields)
      error = ctx.delete(:error) || ctx.delete("error")
      ctx[:error] = error.is_a?(Exception) ? DevSmith.error_shape(error) : error unless error.nil?
      entry = { timestamp: Time.now.utc.iso8601(3), level: level.to_s.empty? ? "INFO" : level.to_s,
                message: message.to_s, context: DevSmith.plain(ctx) }
      enqueue(JSON.generate(entry))
    rescue StandardError
      nil # a logger must never break the app
    end

    # Runs the block, logs how long it took and returns the block's value: context.operation and
    # context.duration_ms (a Float, sub-ms), the convention of DevSmith's performance views (docs/performance.md) for
    # jobs and queries. "<operation> done" at INFO, or "<operation> failed" at ERROR with context.error, the
    # exception raised on.
    def timed(operation, context = nil, **fields)
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond)
      timing = -> { { operation: operation, duration_ms: Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond) - started } }
      result = yield
      log("INFO", "#{operation} done", context, **fields, **timing.call)
      result
    rescue Exception => e # rubocop:disable Lint/RescueException -- logged, then raised on unchanged
      log("ERROR", "#{operation} failed", context, **fields, **timing.call, error: e) if timing
      raise
    end

    # Waits until everything buffered so far was sent (or refused), at most `timeout` seconds.
    def flush(timeout = nil)
      finish = now + (timeout || @exit_timeout)
      @mutex.synchronize do
        @urgent = true
        @cond.broadcast
        @cond.wait(@mutex, (finish - now).clamp(0.001, 0.05)) while (@buffer.any? || @dropped.positive? || @sending.positive?) && now < finish
      end
    end

    # Flushes, then stops the worker. Runs at exit; safe to call more than once.
    def close(timeout = nil)
      timeout ||= @exit_timeout
      @mutex.synchronize do
        return if @closed || @deadline
        @deadline = now + timeout
      end
      flush(timeout)
      left, why = @mutex.synchronize do
        @closed = true
        @cond.broadcast
        [@buffer.size + @sending + @dropped + @abandoned, @last_reason || "no answer in time"]
      end
      DevSmith.warn("could not deliver #{left} logs to #{@url} before exit (#{why})") if left.positive?
    end

    private

    def enqueue(json)
      @mutex.synchronize do
        restart_after_fork
        @buffer << json
        if @buffer.size > @max_buffer
          @buffer.shift
          @dropped += 1
          @dropped_total += 1
        end
        @cond.broadcast if @buffer.size >= @batch_size
      end
    end

    def exiting(crash)
      if crash && !crash.is_a?(SystemExit) && !crash.is_a?(SignalException)
        log("FATAL", "Uncaught #{crash.class}: #{crash.message}", { uncaught: true }, error: crash)
      end
      close
    end

    # A forked child (Puma, Unicorn, Resque workers) has the parent's buffer but not its thread.
    def restart_after_fork
      return if @pid == Process.pid
      @buffer.clear
      @sending = 0
      start_worker
    end

    def start_worker
      @pid = Process.pid
      @worker = Thread.new { run }
      @worker.name = "devsmith-logger" if @worker.respond_to?(:name=)
      @worker.report_on_exception = false
    end

    def run
      loop do
        logs, lost = @mutex.synchronize do
          due = @urgent || @buffer.size >= @batch_size
          @cond.wait(@mutex, @flush_interval) if (@buffer.empty? && @dropped.zero?) || !due
          return if @closed && (@buffer.empty? || now > @deadline)
          taken = @buffer.shift(@batch_size)
          lost, @dropped = @dropped, 0
          @sending = taken.size + lost
          @urgent = false if @buffer.empty?
          [taken, lost]
        end
        begin
          if lost.positive? # report the loss instead of losing silently
            message = "devsmith logger dropped #{lost} log entries because its buffer was full"
            logs << JSON.generate(timestamp: Time.now.utc.iso8601(3), level: "WARN", message: message, context: { devsmith_dropped: lost })
            DevSmith.warn(message)
          end
          deliver(logs) if logs.any?
        rescue StandardError => e # keep the worker alive whatever happens
          DevSmith.warn("unexpected error while sending logs: #{e.inspect}")
        ensure
          @mutex.synchronize do
            @sending = 0
            @cond.broadcast
          end
        end
      end
    end

    def deliver(logs)
      body = Zlib.gzip(JSON.generate(@envelope).chomp("}") + "#{@envelope.empty? ? "" : ","}\"logs\":[#{logs.join(",")}]}")
      headers = { "Content-Type" => "application/json", "Content-Encoding" => "gzip", "Authorization" => "Bearer #{@api_key}",
                  "Idempotency-Key" => SecureRandom.uuid } # one per batch, kept on retries: stored once
      attempt = 0
      loop do
        delay = nil
        begin
          response = post(body, headers)
          status = response.code.to_i
          return delivered(status, response.body, logs.size) if status < 300
          if status != 429 && status < 500 # other 4xx are final: retrying cannot help
            return warn_once("server refused #{logs.size} logs: HTTP #{status} #{DevSmith.reason(response.body)}")
          end
          delay = DevSmith.retry_after(response["Retry-After"])
          failure = "HTTP #{status} #{DevSmith.reason(response.body)}"
        rescue StandardError, Timeout::Error => e # network error, timeout
          failure = "#{e.class}: #{e.message}"
        end
        report_failure(failure)
        delay ||= begin # exponential backoff with jitter: ~0.5 s, 1 s, 2 s ... up to max_backoff
          base = [@max_backoff, 0.5 * 2**[attempt, 16].min].min
          base / 2 + rand * base / 2
        end
        attempt += 1
        retry_at = now + delay
        @mutex.synchronize do # sleep, but wake when close sets a deadline we cannot meet
          while now < retry_at
            if @deadline && retry_at > @deadline # close says how many in one line
              @abandoned += logs.size
              @sending = 0
              return
            end
            @cond.wait(@mutex, [retry_at - now, 0.001].max)
          end
        end
      end
    end

    def post(body, headers)
      Net::HTTP.start(@endpoint.host, @endpoint.port, use_ssl: @endpoint.scheme == "https", open_timeout: @request_timeout,
                                                      read_timeout: @request_timeout, write_timeout: @request_timeout) do |http|
        request = Net::HTTP::Post.new(@endpoint, headers)
        request.body = body
        http.request(request)
      end
    end

    def delivered(status, body, total)
      @mutex.synchronize do
        DevSmith.warn("delivering to #{@url} again after #{@failures} failed attempts") if @failures.positive?
        @failures = 0
        @last_failure_report = nil
      end
      return unless status == 200
      rejected = (JSON.parse(body)["rejected"] rescue nil) || []
      warn_once("server refused #{rejected.size} of #{total} logs: #{rejected[0]["reason"]}") if rejected.any?
    end

    # One stderr line per failure spell, then at most one per report_interval: never silent, never a flood.
    def report_failure(failure)
      line = @mutex.synchronize do
        @failures += 1
        @last_reason = failure
        next nil unless @last_failure_report.nil? || now - @last_failure_report >= @report_interval
        @last_failure_report = now
        dropped = @dropped_total.positive? ? ", #{@dropped_total} dropped (buffer full)" : ""
        "cannot deliver logs to #{@url} (#{failure}); #{@buffer.size + @sending} logs waiting#{dropped}, " \
          "#{@failures} failed attempts; retrying with backoff"
      end
      DevSmith.warn(line) if line
    end

    def warn_once(message)
      DevSmith.warn(message) unless message == @last_warning
      @last_warning = message
    end

    def now
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end
  end

  # A ::Logger that sends to DevSmith. Ruby's severities map onto DevSmith's; UNKNOWN becomes FATAL.
  class Logger < ::Logger
    NAMES = %w[DEBUG INFO WARN ERROR FATAL FATAL].freeze
    attr_reader :client

    def initialize(client = nil, level: ::Logger::DEBUG, progname: nil, **options)
      super(nil, level: level, progname: progname) # no log device: entries go to DevSmith only
      @client = client || Client.new(**options)
    end

    # ::Logger#add, plus a context: a Hash message, keyword fields, an Exception message or `error:` field.
    def add(severity, message = nil, progname = nil, context = nil, **fields)
      severity ||= ::Logger::UNKNOWN
      return true if severity < level
      if message.nil?
        if block_given? then message = yield else message, progname = progname, nil end
      end
      ctx = (context || {}).merge(fields)
      ctx = message.merge(ctx) if message.is_a?(Hash) # logger.info({ message: "paid", order_id: 7 })
      message = ctx.delete(:message) || ctx.delete("message") || "" if message.nil? || message.is_a?(Hash)
      if message.is_a?(Exception)
        ctx[:error] ||= message
        message = message.message
      end
      ctx[:progname] = progname || @progname if progname || @progname
      @client.log(NAMES[severity] || "FATAL", message, ctx)
      true
    rescue StandardError
      true
    end
    alias log add

    %w[debug info warn error fatal unknown].each_with_index do |name, severity|
      define_method(name) do |message = nil, context = nil, **fields, &block|
        next true if severity < level
        block ? add(severity, nil, message, context, **fields, &block) : add(severity, message, nil, context, **fields)
      end
    end

    def flush(timeout = nil)
      @client.flush(timeout)
    end

    def close
      @client.close
    end

    def <<(message) # raw writes (Rack::CommonLogger, some gems): one INFO entry per line
      message.to_s.each_line { |line| @client.log("INFO", line.chomp) }
      self
    end
  end

  module_function

  # The documented error shape: {type, message, stack, cause?}, plus Ruby's backtrace as an array.
  def error_shape(error, depth = 0)
    shape = { type: error.class.name, message: error.message,
              stack: ["#{error.class}: #{error.message}", *(error.backtrace || []).map { |line| "\tfrom #{line}" }].join("\n"),
              backtrace: error.backtrace || [] }
    shape[:cause] = error_shape(error.cause, depth + 1) if error.cause && depth < 5
    shape
  end

  # JSON-safe copy: Hash keys as strings, exceptions as the error shape, anything unknown as its to_s.
  def plain(value, depth = 0)
    return value.to_s if depth > 20
    case value
    when Hash then value.to_h { |k, v| [k.to_s, plain(v, depth + 1)] }
    when Array then value.map { |v| plain(v, depth + 1) }
    when Exception then plain(error_shape(value), depth)
    when Float then value.finite? ? value : value.to_s
    when String, Integer, true, false, nil then value
    else value.to_s
    end
  end

  def retry_after(value)
    return nil if value.nil? || value.strip.empty?
    Float(value).clamp(0, Float::INFINITY)
  rescue ArgumentError
    ((Time.httpdate(value) - Time.now) rescue nil)&.clamp(0, Float::INFINITY)
  end

  def reason(body)
    problem = JSON.parse(body)
    "#{problem["code"]} #{problem["detail"] || problem["title"]}".strip
  rescue StandardError
    body.to_s[0, 200]
  end

  def warn(message)
    $stderr.write("devsmith: #{message}\n")
  rescue StandardError
    nil
  end
end
