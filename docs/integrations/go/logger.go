// Package devsmith is a copy-paste logger for DevSmith Logs (Go 1.23+, standard library only; perf.go beside it adds the request middleware and Timed).
//
// Copy this file into your module (change the package name if you like), set DEVSMITH_URL, DEVSMITH_API_KEY,
// DEVSMITH_PROJECT and DEVSMITH_SERVICE, then:
//
//	log := devsmith.New(devsmith.Config{})                 // empty fields come from the environment
//	defer log.Recover()                                    // a panic in main becomes a FATAL log, then panics on
//	log.Info("user signed in", devsmith.Fields{"user_id": 42})
//	slog.SetDefault(slog.New(log.Handler(slog.LevelInfo))) // and/or capture log/slog
//	...
//	if err := log.Close(ctx); err != nil { os.Exit(1) }    // flushes; err (also on stderr) counts what was lost
//
// Logging calls only append to a bounded buffer (default 10,000 entries; when full the oldest are dropped and
// counted) and return at once. One goroutine sends gzip batches of up to 100 entries every 5 seconds, retrying
// network errors, 429 and 5xx with backoff; delivery problems are reported on stderr ("devsmith: ...", at most
// once a minute while they last). Errors travel as context["error"] = {type, message, stack, cause?}. Nothing
// here panics into your program. Go has no exit hook: call Close before main returns (or from your signal
// handler).
package devsmith

import (
	"bytes"
	"compress/gzip"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config: zero values mean "from the environment" or the documented default.
type Config struct {
	URL, APIKey, Project, Service string // default: DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE
	Environment, Version          string
	BatchSize                     int           // default 100
	FlushInterval                 time.Duration // default 5s
	MaxBuffer                     int           // default 10,000
	RequestTimeout                time.Duration // default 10s
	MaxBackoff                    time.Duration // default 30s
	ExitTimeout                   time.Duration // default 5s: Close without a ctx deadline, and Recover
	ReportInterval                time.Duration // default 1m: at most one "cannot deliver" line on stderr per interval
}

const defaultURL = "http://localhost:3000"

// Fields is the structured context of one entry.
type Fields = map[string]any

type entry struct {
	Timestamp string `json:"timestamp"`
	Level     string `json:"level"`
	Message   string `json:"message"`
	Context   Fields `json:"context,omitempty"`
}

// Logger is safe for concurrent use.
type Logger struct {
	cfg      Config
	url      string
	envelope map[string]string
	client   *http.Client

	mu          sync.Mutex // guards buf ... reportedAt
	buf         []entry
	dropped     int
	sending     bool
	inFlight    int  // entries of the batch being sent
	urgent      bool // Flush or Close asked: send partial batches too
	lost        int  // entries given up when Close's deadline passed: Close reports them
	lastWarning string
	failures    int       // failed attempts since the last delivery
	lastReason  string    // why the last attempt failed
	reportedAt  time.Time // the last "cannot deliver" line

	wake      chan struct{}      // a full batch or Flush: send now
	closing   chan struct{}      // closed by Close
	done      chan struct{}      // closed when the worker has finished
	stop      context.Context    // cancelled when Close's context ends: retries give up
	cancel    context.CancelFunc //
	closeOnce sync.Once
	closeErr  error
	reported  sync.Once
}

// New starts the background sender.
func New(cfg Config) *Logger {
	if cfg.URL == "" && os.Getenv("DEVSMITH_URL") == "" { // a forgotten variable must not quietly mean localhost
		warn("DEVSMITH_URL is not set; sending to " + defaultURL)
	}
	cfg.URL = strings.TrimRight(firstNonEmpty(cfg.URL, os.Getenv("DEVSMITH_URL"), defaultURL), "/")
	cfg.APIKey = firstNonEmpty(cfg.APIKey, os.Getenv("DEVSMITH_API_KEY"))
	cfg.Project = firstNonEmpty(cfg.Project, os.Getenv("DEVSMITH_PROJECT"))
	cfg.Service = firstNonEmpty(cfg.Service, os.Getenv("DEVSMITH_SERVICE"), "app")
	cfg.BatchSize = orDefault(cfg.BatchSize, 100)
	cfg.MaxBuffer = orDefault(cfg.MaxBuffer, 10_000)
	cfg.FlushInterval = orDefault(cfg.FlushInterval, 5*time.Second)
	cfg.RequestTimeout = orDefault(cfg.RequestTimeout, 10*time.Second)
	cfg.MaxBackoff = orDefault(cfg.MaxBackoff, 30*time.Second)
	cfg.ExitTimeout = orDefault(cfg.ExitTimeout, 5*time.Second)
	cfg.ReportInterval = orDefault(cfg.ReportInterval, time.Minute)
	host, _ := os.Hostname()
	envelope := map[string]string{"service_name": cfg.Service, "host": host}
	for key, value := range map[string]string{"project_slug": cfg.Project, "environment": cfg.Environment, "version": cfg.Version} {
		if value != "" {
			envelope[key] = value
		}
	}
	l := &Logger{cfg: cfg, url: cfg.URL + "/api/logs/batch", envelope: envelope,
		client: &http.Client{}, wake: make(chan struct{}, 1), closing: make(chan struct{}), done: make(chan struct{})}
	l.stop, l.cancel = context.WithCancel(context.Background())
	go l.run()
	return l
}

func (l *Logger) Trace(msg string, ctx Fields) { l.Log("TRACE", msg, ctx) }
func (l *Logger) Debug(msg string, ctx Fields) { l.Log("DEBUG", msg, ctx) }
func (l *Logger) Info(msg string, ctx Fields)  { l.Log("INFO", msg, ctx) }
func (l *Logger) Warn(msg string, ctx Fields)  { l.Log("WARN", msg, ctx) }
func (l *Logger) Error(msg string, ctx Fields) { l.Log("ERROR", msg, ctx) }
func (l *Logger) Fatal(msg string, ctx Fields) { l.Log("FATAL", msg, ctx) } // logs only: it does not exit

// Log queues one entry stamped now. It never blocks on the network. Level aliases (warning, err, critical...)
// are sent as they are: the server maps them. An error value in ctx is sent in the error shape
// {type, message, stack, cause?}, its stack being where it was logged.
func (l *Logger) Log(level, msg string, ctx Fields) {
	for key, value := range ctx {
		if err, ok := value.(error); ok && err != nil {
			shaped := copyFields(ctx) // the caller's map stays as it was
			shaped[key] = ErrorFields(err, callerStack())
			ctx = shaped
		}
	}
	l.enqueue(time.Now(), level, msg, ctx)
}

func (l *Logger) enqueue(t time.Time, level, msg string, ctx Fields) {
	e := entry{Timestamp: t.UTC().Format("2006-01-02T15:04:05.000Z"), Level: strings.ToUpper(level), Message: msg, Context: ctx}
	l.mu.Lock()
	l.buf = append(l.buf, e)
	if len(l.buf) > l.cfg.MaxBuffer { // drop the oldest; the count is reported in the next batch
		l.buf = l.buf[1:]
		l.dropped++
	}
	full := len(l.buf) >= l.cfg.BatchSize
	l.mu.Unlock()
	if full {
		l.nudge()
	}
}

// Flush waits until everything buffered so far was sent (or refused), or ctx ends.
func (l *Logger) Flush(ctx context.Context) error {
	for {
		l.mu.Lock()
		idle := len(l.buf) == 0 && l.dropped == 0 && !l.sending
		l.urgent = !idle
		l.mu.Unlock()
		if idle {
			return nil
		}
		l.nudge()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return nil
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Close flushes and stops the sender, waiting until ctx ends (ExitTimeout when ctx has no deadline). If logs are
// left undelivered then, it says so on stderr (how many, where, why) before it returns the same as an error.
func (l *Logger) Close(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.cfg.ExitTimeout)
		defer cancel()
	}
	l.closeOnce.Do(func() { close(l.closing) })
	select {
	case <-l.done:
	case <-ctx.Done():
		l.cancel() // retries and the request in flight stop now
		select {
		case <-l.done:
		case <-time.After(time.Second): // cannot happen short of a bug: count what is known
		}
	}
	l.reported.Do(func() {
		l.mu.Lock()
		undelivered := len(l.buf) + l.dropped + l.lost
		if l.sending {
			undelivered += l.inFlight
		}
		why := firstNonEmpty(l.lastReason, "timed out")
		l.mu.Unlock()
		if undelivered > 0 {
			l.closeErr = fmt.Errorf("could not deliver %d logs to %s before Close's deadline (%s)", undelivered, l.cfg.URL, why)
			warn(l.closeErr.Error())
		}
	})
	return l.closeErr
}

// Recover, deferred at the top of main (and of each goroutine you start), sends a panic as a FATAL log with its
// stack, flushes for at most ExitTimeout, then panics again with the same value: Go prints it and exits with
// code 2 as it would have. Use it as `defer log.Recover()` (recover only works in the deferred call itself).
func (l *Logger) Recover() {
	r := recover()
	if r == nil {
		return
	}
	l.enqueue(time.Now(), "FATAL", fmt.Sprintf("panic: %v", r), Fields{"error": PanicFields(r, string(debug.Stack()))})
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.ExitTimeout)
	l.Close(ctx)
	cancel()
	panic(r)
}

func (l *Logger) nudge() {
	select {
	case l.wake <- struct{}{}:
	default: // already nudged
	}
}

// run is the single sender goroutine: one request at a time keeps order and server load sane.
func (l *Logger) run() {
	defer close(l.done)
	ticker := time.NewTicker(l.cfg.FlushInterval)
	defer ticker.Stop()
	for {
		closing, all := false, false
		select {
		case <-l.wake: // a full batch, or Flush
		case <-ticker.C:
			all = true
		case <-l.closing:
			closing, all = true, true
		}
		for l.sendOne(all) {
		}
		if closing || l.stop.Err() != nil {
			return
		}
	}
}

// sendOne sends the next batch (a partial one only when all or urgent); false when there is nothing to send
// or Close gave up.
func (l *Logger) sendOne(all bool) bool {
	l.mu.Lock()
	n := min(len(l.buf), l.cfg.BatchSize)
	if n < l.cfg.BatchSize && !all && !l.urgent && l.dropped == 0 {
		n = 0
	}
	logs := append([]entry(nil), l.buf[:n]...)
	l.buf = l.buf[n:]
	dropped := l.dropped
	l.dropped = 0
	l.sending = n > 0 || dropped > 0
	l.inFlight = n + min(dropped, 1)
	l.mu.Unlock()
	defer func() { l.mu.Lock(); l.sending = false; l.mu.Unlock() }()
	if !l.sending {
		return false
	}
	if dropped > 0 { // report the loss instead of losing silently
		msg := fmt.Sprintf("devsmith logger dropped %d log entries because its buffer was full", dropped)
		logs = append(logs, entry{time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), "WARN", msg, Fields{"devsmith_dropped": dropped}})
		warn(msg)
	}
	l.send(logs)
	return l.stop.Err() == nil
}

func (l *Logger) send(logs []entry) {
	body := l.encode(logs)
	key := newIdempotencyKey() // one per batch, kept across retries: the server stores the batch once
	for attempt := 0; ; attempt++ {
		status, retryAfter, text, err := l.post(body, key)
		if err == nil && status < 300 {
			l.delivered()
			l.reportRejected(status, text, len(logs))
			return
		}
		if err == nil && !retryable(status) {
			l.delivered()
			l.warnOnce(fmt.Sprintf("server refused %d logs: HTTP %d %s", len(logs), status, reason(text)))
			return
		}
		if l.stop.Err() != nil { // Close gave up while this request was in flight
			l.giveUp(len(logs))
			return
		}
		if err != nil {
			l.failed(networkReason(err), len(logs))
		} else {
			l.failed(strings.TrimSpace(fmt.Sprintf("HTTP %d %s", status, reason(text))), len(logs))
		}
		delay := retryAfter
		if delay < 0 { // exponential backoff with jitter: ~0.5s, 1s, 2s ... up to MaxBackoff
			base := min(l.cfg.MaxBackoff, 500*time.Millisecond<<min(attempt, 16))
			delay = base/2 + rand.N(base/2+1)
		}
		select {
		case <-time.After(delay):
		case <-l.stop.Done():
			l.giveUp(len(logs))
			return
		}
	}
}

// giveUp counts a batch abandoned at Close's deadline; Close reports it with the URL and the reason.
func (l *Logger) giveUp(n int) {
	l.mu.Lock()
	l.lost += n
	l.sending = false
	l.mu.Unlock()
}

// failed notes a failed attempt: one stderr line at the first, then at most one per ReportInterval.
func (l *Logger) failed(why string, inFlight int) {
	l.mu.Lock()
	l.failures++
	l.lastReason = why
	due := l.reportedAt.IsZero() || time.Since(l.reportedAt) >= l.cfg.ReportInterval
	if due {
		l.reportedAt = time.Now()
	}
	waiting, failures := len(l.buf)+inFlight, l.failures
	l.mu.Unlock()
	if due {
		warn(fmt.Sprintf("cannot deliver logs to %s (%s); %d logs waiting, %d failed attempts; retrying with backoff",
			l.cfg.URL, why, waiting, failures))
	}
}

func (l *Logger) delivered() {
	l.mu.Lock()
	failures := l.failures
	l.failures, l.reportedAt = 0, time.Time{}
	l.mu.Unlock()
	if failures > 0 {
		warn(fmt.Sprintf("delivering to %s again after %d failed attempts", l.cfg.URL, failures))
	}
}

func networkReason(err error) string {
	var urlErr *url.Error // `Post "<url>": dial tcp ...: connection refused`: the URL is said already
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}

func (l *Logger) post(body []byte, key string) (status int, retryAfter time.Duration, text string, err error) {
	ctx, cancel := context.WithTimeout(l.stop, l.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url, bytes.NewReader(body))
	if err != nil {
		return 0, -1, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+l.cfg.APIKey)
	req.Header.Set("Idempotency-Key", key)
	res, err := l.client.Do(req)
	if err != nil {
		return 0, -1, "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, parseRetryAfter(res.Header.Get("Retry-After")), string(raw), nil
}

// encode marshals entry by entry so one unserialisable context value (a channel, a func) spoils only its entry.
func (l *Logger) encode(logs []entry) []byte {
	raws := make([]json.RawMessage, 0, len(logs))
	for _, e := range logs {
		raw, err := json.Marshal(e)
		if err != nil {
			e.Context = Fields{"devsmith_unserializable_context": fmt.Sprint(e.Context)}
			raw, _ = json.Marshal(e)
		}
		raws = append(raws, raw)
	}
	payload := map[string]any{"logs": raws}
	for k, v := range l.envelope {
		payload[k] = v
	}
	plain, _ := json.Marshal(payload)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(plain)
	zw.Close()
	return zipped.Bytes()
}

func (l *Logger) reportRejected(status int, text string, total int) {
	var answer struct {
		Rejected []struct{ Reason string } `json:"rejected"`
	}
	if status == 200 && json.Unmarshal([]byte(text), &answer) == nil && len(answer.Rejected) > 0 {
		l.warnOnce(fmt.Sprintf("server refused %d of %d logs: %s", len(answer.Rejected), total, answer.Rejected[0].Reason))
	}
}

func (l *Logger) warnOnce(msg string) {
	l.mu.Lock()
	repeated := msg == l.lastWarning
	l.lastWarning = msg
	l.mu.Unlock()
	if !repeated {
		warn(msg)
	}
}

// Retry 429 and 5xx; every other 4xx is final: repeating it cannot succeed.
func retryable(status int) bool { return status == 429 || status >= 500 }

func parseRetryAfter(v string) time.Duration {
	if seconds, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && seconds >= 0 {
		return time.Duration(seconds * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return -1
}

func reason(text string) string {
	var p struct{ Code, Detail, Title string }
	if json.Unmarshal([]byte(text), &p) == nil && (p.Code != "" || p.Detail != "" || p.Title != "") {
		return strings.TrimSpace(p.Code + " " + firstNonEmpty(p.Detail, p.Title))
	}
	return text[:min(len(text), 200)]
}

func newIdempotencyKey() string {
	b := make([]byte, 16)
	crand.Read(b)
	return hex.EncodeToString(b)
}

func warn(msg string) { fmt.Fprintln(os.Stderr, "devsmith: "+msg) }

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func orDefault[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}

// ---- the error shape ------------------------------------------------------------------------------------------

// ErrorFields is the documented error shape: {type, message, stack, cause?}, cause being errors.Unwrap's result
// in the same shape (the first of an errors.Join). Go errors carry no stack: stack is the one given (where the
// error was logged), unless the error prints its own with %+v (github.com/pkg/errors and the like).
func ErrorFields(err error, stack string) Fields {
	return errorFields(err, stack, 0)
}

func errorFields(err error, stack string, depth int) Fields {
	shape := Fields{"type": fmt.Sprintf("%T", err), "message": err.Error()}
	if own := fmt.Sprintf("%+v", err); own != err.Error() {
		stack = own
	}
	if stack != "" {
		shape["stack"] = stack
	}
	var cause error
	switch e := err.(type) {
	case interface{ Unwrap() error }:
		cause = e.Unwrap()
	case interface{ Unwrap() []error }:
		if causes := e.Unwrap(); len(causes) > 0 {
			cause = causes[0]
		}
	}
	if cause != nil && depth < 8 {
		shape["cause"] = errorFields(cause, "", depth+1)
	}
	return shape
}

// PanicFields is the error shape of a recovered panic value: an error keeps its type and cause chain; any other
// value has type "panic". stack is debug.Stack() taken in the deferred function.
func PanicFields(value any, stack string) Fields {
	if err, ok := value.(error); ok {
		shape := ErrorFields(err, "")
		shape["stack"] = stack
		return shape
	}
	return Fields{"type": "panic", "message": fmt.Sprint(value), "stack": stack}
}

// callerStack is the calling goroutine's stack without this file's frames nor log/slog's, formatted like
// debug.Stack: "function\n\tfile:line" per frame.
func callerStack() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	_, self, _, _ := runtime.Caller(0)
	var b strings.Builder
	for {
		f, more := frames.Next()
		if f.File != self && !strings.HasPrefix(f.Function, "log/slog.") {
			fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
		}
		if !more {
			return b.String()
		}
	}
}

// ---- log/slog adapter ----------------------------------------------------------------------------------------

// Handler returns a slog.Handler that sends records through l. Attributes and groups become nested context.
func (l *Logger) Handler(level slog.Leveler) slog.Handler {
	return l.HandlerWithOptions(&slog.HandlerOptions{Level: level})
}

// HandlerWithOptions is Handler honouring slog.HandlerOptions: Level, AddSource (context.source =
// {function, file, line}, as slog's JSON handler writes it) and ReplaceAttr (called for each attribute and for
// "source"). Durations are sent as numbers of milliseconds under the key suffixed "_ms" ("latency" ->
// "latency_ms"); the first error attribute of a record becomes context.error in the error shape.
func (l *Logger) HandlerWithOptions(opts *slog.HandlerOptions) slog.Handler {
	if opts == nil {
		opts = &slog.HandlerOptions{}
	}
	level := opts.Level
	if level == nil {
		level = slog.LevelInfo
	}
	return &slogHandler{l: l, level: level, source: opts.AddSource, replace: opts.ReplaceAttr, attrs: Fields{}}
}

type slogHandler struct {
	l       *Logger
	level   slog.Leveler
	source  bool
	replace func(groups []string, a slog.Attr) slog.Attr
	attrs   Fields   // from WithAttrs, already nested under their groups; never mutated after creation
	groups  []string // from WithGroup: where the record's own attributes go
}

func (h *slogHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level.Level()
}

func (h *slogHandler) Handle(_ context.Context, r slog.Record) error {
	ctx := copyFields(h.attrs)
	sink := attrSink{h: h, top: ctx}
	var target Fields // created on the first attribute: a group without attributes is omitted
	r.Attrs(func(a slog.Attr) bool {
		if target == nil {
			target = h.groupTarget(ctx)
		}
		sink.add(target, h.groups, a)
		return true
	})
	if h.source && r.PC != 0 {
		f, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
		sink.add(ctx, nil, slog.Any(slog.SourceKey, &slog.Source{Function: f.Function, File: f.File, Line: f.Line}))
	}
	t := r.Time
	if t.IsZero() {
		t = time.Now()
	}
	h.l.enqueue(t, slogLevel(r.Level), r.Message, ctx)
	return nil
}

func (h *slogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	next := *h
	next.attrs = copyFields(h.attrs)
	sink := attrSink{h: h}
	for _, a := range attrs {
		sink.add(next.groupTarget(next.attrs), h.groups, a)
	}
	return &next
}

func (h *slogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	next := *h
	next.groups = append(append([]string(nil), h.groups...), name)
	return &next
}

// groupTarget walks (creating) the nested maps of the open groups. ctx must be a private copy.
func (h *slogHandler) groupTarget(ctx Fields) Fields {
	for _, g := range h.groups {
		child, ok := ctx[g].(Fields)
		if !ok {
			child = Fields{}
			ctx[g] = child
		}
		ctx = child
	}
	return ctx
}

// attrSink turns attributes into context for one record (top set) or one WithAttrs call (top nil).
type attrSink struct {
	h   *slogHandler
	top Fields // the record's context: its first error attribute goes to top["error"]
}

func (s *attrSink) add(target Fields, groups []string, a slog.Attr) {
	a.Value = a.Value.Resolve()
	if s.h.replace != nil && a.Value.Kind() != slog.KindGroup {
		a = s.h.replace(groups, a)
		a.Value = a.Value.Resolve()
	}
	if a.Equal(slog.Attr{}) {
		return // slog rule: empty attributes are ignored
	}
	switch a.Value.Kind() {
	case slog.KindGroup:
		group := target
		if a.Key != "" { // an unnamed group is inlined
			if existing, ok := target[a.Key].(Fields); ok {
				group = existing
			} else {
				group = Fields{}
				target[a.Key] = group
			}
			groups = append(append([]string(nil), groups...), a.Key)
		}
		for _, ga := range a.Value.Group() {
			s.add(group, groups, ga)
		}
	case slog.KindTime:
		target[a.Key] = a.Value.Time().UTC().Format(time.RFC3339Nano)
	case slog.KindDuration: // a number, so it can be compared and charted: "latency" -> "latency_ms"
		key := a.Key
		if !strings.HasSuffix(key, "_ms") {
			key += "_ms"
		}
		target[key] = float64(a.Value.Duration()) / float64(time.Millisecond)
	default:
		switch v := a.Value.Any().(type) {
		case error:
			if s.top != nil {
				if _, taken := s.top["error"]; !taken {
					s.top["error"] = ErrorFields(v, callerStack())
					return
				}
			}
			target[a.Key] = ErrorFields(v, "")
		case *slog.Source:
			target[a.Key] = Fields{"function": v.Function, "file": v.File, "line": v.Line}
		default:
			target[a.Key] = v
		}
	}
}

func copyFields(src Fields) Fields {
	dst := make(Fields, len(src))
	for k, v := range src {
		if nested, ok := v.(Fields); ok {
			v = copyFields(nested)
		}
		dst[k] = v
	}
	return dst
}

func slogLevel(level slog.Level) string {
	switch {
	case level < slog.LevelDebug:
		return "TRACE"
	case level < slog.LevelInfo:
		return "DEBUG"
	case level < slog.LevelWarn:
		return "INFO"
	case level < slog.LevelError:
		return "WARN"
	case level < slog.LevelError+4:
		return "ERROR"
	default:
		return "FATAL"
	}
}
