package devsmith

// Self-contained checks that need no DevSmith server: a real HTTP server from net/http/httptest stands in for
// the receiving end, so `go test` in this folder verifies the wire format and the slog mapping on its own.

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type received struct {
	Key      string
	Envelope struct {
		Service string  `json:"service_name"`
		Project string  `json:"project_slug"`
		Logs    []entry `json:"logs"`
	}
}

func receiver(t *testing.T) (*httptest.Server, func() []received) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rec received
		rec.Key = r.Header.Get("Idempotency-Key")
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Errorf("body is not gzip: %v", err)
			return
		}
		if err := json.NewDecoder(zr).Decode(&rec.Envelope); err != nil {
			t.Errorf("body is not JSON: %v", err)
		}
		mu.Lock()
		got = append(got, rec)
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received { mu.Lock(); defer mu.Unlock(); return append([]received(nil), got...) }
}

func TestSlogHandlerMapsLevelsAttrsAndGroups(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL, APIKey: "dsk_x", Project: "p", Service: "svc"})
	logger := slog.New(log.Handler(slog.LevelDebug-4)).With("app", "shop")
	logger.WithGroup("http").With("method", "GET").Info("served", "status", 200, slog.Group("user", "id", 7))
	logger.Log(context.Background(), slog.LevelDebug-4, "very fine")
	logger.Log(context.Background(), slog.LevelError+4, "on fire")
	if err := log.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	batches := got()
	if len(batches) != 1 || batches[0].Envelope.Service != "svc" || batches[0].Envelope.Project != "p" || batches[0].Key == "" {
		t.Fatalf("want one batch for svc/p with an Idempotency-Key, got %+v", batches)
	}
	logs := batches[0].Envelope.Logs
	if len(logs) != 3 {
		t.Fatalf("want 3 logs, got %d", len(logs))
	}
	ctx, _ := json.Marshal(logs[0].Context)
	if want := `{"app":"shop","http":{"method":"GET","status":200,"user":{"id":7}}}`; string(ctx) != want {
		t.Errorf("context = %s, want %s", ctx, want)
	}
	if logs[0].Level != "INFO" || logs[1].Level != "TRACE" || logs[2].Level != "FATAL" {
		t.Errorf("levels = %s %s %s", logs[0].Level, logs[1].Level, logs[2].Level)
	}
	iso := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	for _, l := range logs {
		if !iso.MatchString(l.Timestamp) {
			t.Errorf("timestamp %q is not ISO 8601 UTC with milliseconds", l.Timestamp)
		}
	}
}

func TestBatchesOfAtMostBatchSize(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL, BatchSize: 10, FlushInterval: time.Hour})
	for i := 0; i < 25; i++ {
		log.Info("x", Fields{"i": i})
	}
	if err := log.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range got() {
		if len(b.Envelope.Logs) > 10 {
			t.Errorf("batch of %d logs, over BatchSize 10", len(b.Envelope.Logs))
		}
		total += len(b.Envelope.Logs)
	}
	if total != 25 {
		t.Errorf("delivered %d logs, want 25", total)
	}
}

func TestSlogDurationsAsMillisecondsSourceAndErrorShape(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL})
	opts := &slog.HandlerOptions{AddSource: true, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == "secret" {
			return slog.String("secret", "[redacted]")
		}
		return a
	}}
	slog.New(log.HandlerWithOptions(opts)).Info("served", "latency", 369754*time.Nanosecond, "timeout_ms", 2*time.Second,
		"err", fmt.Errorf("outer: %w", errors.New("inner")), "secret", "hunter2")
	if err := log.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := got()[0].Envelope.Logs[0].Context
	if ctx["latency_ms"] != 0.369754 || ctx["timeout_ms"] != 2000.0 {
		t.Errorf("durations: latency_ms=%v timeout_ms=%v, want numbers of milliseconds", ctx["latency_ms"], ctx["timeout_ms"])
	}
	source, _ := ctx["source"].(map[string]any)
	if file, _ := source["file"].(string); !strings.HasSuffix(file, "logger_test.go") || source["line"] == nil ||
		!strings.Contains(fmt.Sprint(source["function"]), "TestSlogDurations") {
		t.Errorf("AddSource: source = %v", ctx["source"])
	}
	if ctx["secret"] != "[redacted]" {
		t.Errorf("ReplaceAttr not applied: secret = %v", ctx["secret"])
	}
	shape, _ := ctx["error"].(map[string]any)
	cause, _ := shape["cause"].(map[string]any)
	if shape["type"] != "*fmt.wrapError" || shape["message"] != "outer: inner" || cause["message"] != "inner" ||
		!strings.Contains(fmt.Sprint(shape["stack"]), "logger_test.go") {
		t.Errorf("error shape = %v", ctx["error"])
	}
	if _, kept := ctx["err"]; kept {
		t.Errorf("the error attribute is sent once, as context.error: %v", ctx)
	}
}

func TestCloseSaysWhatWasNotDelivered(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	log := New(Config{URL: srv.URL})
	for i := 0; i < 3; i++ {
		log.Info("x", nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := log.Close(ctx)
	if err == nil || !strings.Contains(err.Error(), "3 logs") || !strings.Contains(err.Error(), srv.URL) || !strings.Contains(err.Error(), "HTTP 503") {
		t.Fatalf("Close = %v, want the count, the URL and the reason", err)
	}
	if again := log.Close(context.Background()); again != err {
		t.Errorf("a second Close returns the same error, got %v", again)
	}
}

func TestRecoverSendsFatalThenPanicsOn(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL})
	repanicked := func() (value any) {
		defer func() { value = recover() }()
		defer log.Recover()
		panic("out of cheese")
	}()
	if repanicked != "out of cheese" {
		t.Fatalf("Recover must panic again with the same value, got %v", repanicked)
	}
	logs := got()[0].Envelope.Logs
	shape, _ := logs[0].Context["error"].(map[string]any)
	if logs[0].Level != "FATAL" || shape["type"] != "panic" || shape["message"] != "out of cheese" ||
		!strings.Contains(fmt.Sprint(shape["stack"]), "logger_test.go") {
		t.Errorf("got %+v", logs[0])
	}
}
