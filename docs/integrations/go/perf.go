package devsmith

// Performance conventions of DevSmith's performance views (docs/performance.md), for net/http servers and for
// jobs: a request log carries context["http"] = {method, route, status, duration_ms}, route being the route
// TEMPLATE ("/orders/{id}"), not the path, so requests group by endpoint; timed work carries
// context["operation"] and context["duration_ms"]. Copy this file beside logger.go (Go 1.23+ for r.Pattern).

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// Milliseconds is a duration as float milliseconds with sub-ms (ns) precision: what duration_ms expects.
func Milliseconds(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// Middleware logs every request that next serves, with context["http"] = {method, route, status, duration_ms}:
// ERROR for 5xx, WARN for 4xx, INFO otherwise; a panic is logged with its stack (then net/http recovers it). Wrap the http.ServeMux itself (the outermost handler), so the
// route is the mux's pattern:
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /orders/{id}", order)
//	http.ListenAndServe(":8080", log.Middleware(mux))   // logs route "/orders/{id}"
func (l *Logger) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			// A panic is logged with its stack and the request as a 500, then goes on to net/http, which
			// recovers it as it always does. http.ErrAbortHandler is net/http's way to abort: not an error.
			if p := recover(); p != nil {
				if p != http.ErrAbortHandler {
					l.Error(fmt.Sprintf("Unhandled error: %v", p), Fields{"error": PanicFields(p, string(debug.Stack()))})
					rec.status = http.StatusInternalServerError
					l.logRequest(r, rec.status, started)
				}
				panic(p)
			}
		}()
		next.ServeHTTP(rec, r)
		l.logRequest(r, rec.status, started)
	})
}

func (l *Logger) logRequest(r *http.Request, status int, started time.Time) {
	level := "INFO"
	if status >= 500 {
		level = "ERROR"
	} else if status >= 400 {
		level = "WARN"
	}
	l.Log(level, fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, status), Fields{"http": Fields{
		"method": r.Method, "route": routeOf(r), "status": status, "duration_ms": Milliseconds(time.Since(started)),
	}})
}

// routeOf is the ServeMux pattern that matched, without its method and host ("GET example.com/orders/{id}" is
// "/orders/{id}"). ServeMux sets r.Pattern on the request it was given, so a middleware around it sees it after
// the call. No pattern matched (a 404 or 405 from the mux, or a handler that is no ServeMux): there is no
// template, so the raw path stands in.
func routeOf(r *http.Request) string {
	pattern := r.Pattern
	if pattern == "" {
		return r.URL.Path
	}
	if i := strings.IndexByte(pattern, ' '); i >= 0 { // "METHOD [HOST]/PATH"
		pattern = strings.TrimLeft(pattern[i+1:], " \t")
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 { // a host before the path
		pattern = pattern[i:]
	}
	return pattern
}

// statusRecorder remembers the status the handler wrote (200 when it only wrote a body).
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.status, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush, Hijack and deadlines of the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Timed runs fn and logs how long it took with context["operation"] and context["duration_ms"] (plus fields):
// "<operation> done" at INFO, or "<operation> failed" at ERROR with context["error"] when fn returns an error,
// which Timed returns.
//
//	err := log.Timed("nightly-report", devsmith.Fields{"day": day}, func() error { return buildReport(day) })
func (l *Logger) Timed(operation string, fields Fields, fn func() error) error {
	started := time.Now()
	err := fn()
	ctx := Fields{}
	for k, v := range fields {
		ctx[k] = v
	}
	ctx["operation"], ctx["duration_ms"] = operation, Milliseconds(time.Since(started))
	if err != nil {
		ctx["error"] = err
		l.Log("ERROR", operation+" failed", ctx)
	} else {
		l.Log("INFO", operation+" done", ctx)
	}
	return err
}
