// Package devsmith is a copy-paste logger for DevSmith Logs (Go 1.22+, standard library only).
//
// Copy this file into your module (change the package name if you like), set DEVSMITH_URL, DEVSMITH_API_KEY,
// DEVSMITH_PROJECT and DEVSMITH_SERVICE, then:
//
//	log := devsmith.New(devsmith.Config{})                 // empty fields come from the environment
//	defer log.Close(context.Background())                  // flushes; give it a deadline if you like
//	log.Info("user signed in", devsmith.Fields{"user_id": 42})
//	slog.SetDefault(slog.New(log.Handler(slog.LevelInfo))) // and/or capture log/slog
//
// Logging calls only append to a bounded buffer (default 10,000 entries; when full the oldest are dropped and
// counted) and return at once. One goroutine sends gzip batches of up to 100 entries every 5 seconds, retrying
// network errors, 429 and 5xx with backoff. Nothing here panics into your program. Go has no exit hook:
// call Close before main returns (or from your signal handler).
package devsmith

import (
	"bytes"
	"compress/gzip"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
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
}

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

	mu          sync.Mutex // guards buf, dropped, sending, lastWarning
	buf         []entry
	dropped     int
	sending     bool
	urgent      bool // Flush or Close asked: send partial batches too
	lastWarning string

	wake      chan struct{}      // a full batch or Flush: send now
	closing   chan struct{}      // closed by Close
	done      chan struct{}      // closed when the worker has finished
	stop      context.Context    // cancelled when Close's context ends: retries give up
	cancel    context.CancelFunc //
	closeOnce sync.Once
}

// New starts the background sender.
func New(cfg Config) *Logger {
	cfg.URL = firstNonEmpty(cfg.URL, os.Getenv("DEVSMITH_URL"), "http://localhost:3000")
	cfg.APIKey = firstNonEmpty(cfg.APIKey, os.Getenv("DEVSMITH_API_KEY"))
	cfg.Project = firstNonEmpty(cfg.Project, os.Getenv("DEVSMITH_PROJECT"))
	cfg.Service = firstNonEmpty(cfg.Service, os.Getenv("DEVSMITH_SERVICE"), "app")
	cfg.BatchSize = orDefault(cfg.BatchSize, 100)
	cfg.MaxBuffer = orDefault(cfg.MaxBuffer, 10_000)
	cfg.FlushInterval = orDefault(cfg.FlushInterval, 5*time.Second)
	cfg.RequestTimeout = orDefault(cfg.RequestTimeout, 10*time.Second)
	cfg.MaxBackoff = orDefault(cfg.MaxBackoff, 30*time.Second)
	host, _ := os.Hostname()
	envelope := map[string]string{"service_name": cfg.Service, "host": host}
	for key, value := range map[string]string{"project_slug": cfg.Project, "environment": cfg.Environment, "version": cfg.Version} {
		if value != "" {
			envelope[key] = value
		}
	}
	l := &Logger{cfg: cfg, url: strings.TrimRight(cfg.URL, "/") + "/api/logs/batch", envelope: envelope,
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

// Log queues one entry stamped now. It never blocks on the network.
func (l *Logger) Log(level, msg string, ctx Fields) { l.enqueue(time.Now(), level, msg, ctx) }

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

// Close flushes and stops the sender. When ctx ends first, retries stop and what is left is given up.
func (l *Logger) Close(ctx context.Context) error {
	l.closeOnce.Do(func() {
		close(l.closing)
		go func() {
			select {
			case <-ctx.Done():
				l.cancel()
			case <-l.done:
			}
		}()
	})
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
			l.reportRejected(status, text, len(logs))
			return
		}
		if err == nil && !retryable(status) {
			l.warnOnce(fmt.Sprintf("server refused %d logs: HTTP %d %s", len(logs), status, reason(text)))
			return
		}
		delay := retryAfter
		if delay < 0 { // exponential backoff with jitter: ~0.5s, 1s, 2s ... up to MaxBackoff
			base := min(l.cfg.MaxBackoff, 500*time.Millisecond<<min(attempt, 16))
			delay = base/2 + rand.N(base/2+1)
		}
		select {
		case <-time.After(delay):
		case <-l.stop.Done():
			warn(fmt.Sprintf("could not deliver %d logs before Close's deadline; giving up", len(logs)))
			return
		}
	}
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

// ---- log/slog adapter ----------------------------------------------------------------------------------------

// Handler returns a slog.Handler that sends records through l. Attributes and groups become nested context.
func (l *Logger) Handler(level slog.Leveler) slog.Handler {
	if level == nil {
		level = slog.LevelInfo
	}
	return &slogHandler{l: l, level: level, attrs: Fields{}}
}

type slogHandler struct {
	l      *Logger
	level  slog.Leveler
	attrs  Fields   // from WithAttrs, already nested under their groups; never mutated after creation
	groups []string // from WithGroup: where the record's own attributes go
}

func (h *slogHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level.Level()
}

func (h *slogHandler) Handle(_ context.Context, r slog.Record) error {
	ctx := copyFields(h.attrs)
	target := h.groupTarget(ctx)
	r.Attrs(func(a slog.Attr) bool { addAttr(target, a); return true })
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
	target := next.groupTarget(next.attrs)
	for _, a := range attrs {
		addAttr(target, a)
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

func addAttr(target Fields, a slog.Attr) {
	a.Value = a.Value.Resolve()
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
		}
		for _, ga := range a.Value.Group() {
			addAttr(group, ga)
		}
	case slog.KindTime:
		target[a.Key] = a.Value.Time().UTC().Format(time.RFC3339Nano)
	case slog.KindDuration:
		target[a.Key] = a.Value.Duration().String()
	default:
		if err, ok := a.Value.Any().(error); ok {
			target[a.Key] = err.Error()
		} else {
			target[a.Key] = a.Value.Any()
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
