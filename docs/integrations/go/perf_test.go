package devsmith

// The request middleware and Timed, checked against real servers from net/http/httptest: a ServeMux app wrapped
// by Middleware, and the receiver of logger_test.go standing in for DevSmith.

import (
	"context"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestMiddlewareLogsTheHTTPConventionWithTheMuxPattern(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL, APIKey: "dsk_x", Service: "svc"})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(r.PathValue("id"))) })
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) })
	mux.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "broke", http.StatusInternalServerError) })
	mux.HandleFunc("GET /panic/{n}", func(w http.ResponseWriter, r *http.Request) { panic("Something broke") })
	app := httptest.NewUnstartedServer(log.Middleware(mux))
	app.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // net/http reports the recovered panic there: keep the output clean
	app.Start()
	defer app.Close()
	for _, req := range []struct{ method, path string }{{"GET", "/orders/42"}, {"POST", "/orders"}, {"GET", "/boom"}, {"GET", "/no/such/page"}, {"GET", "/panic/1"}} {
		r, _ := http.NewRequest(req.method, app.URL+req.path, nil)
		res, err := http.DefaultClient.Do(r)
		if err == nil {
			res.Body.Close()
		} else if req.path != "/panic/1" { // net/http answers a panic by closing the connection
			t.Fatal(err)
		}
	}
	if err := log.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		level, method, route string
		status               float64
	}{
		"GET /orders/42 200":    {"INFO", "GET", "/orders/{id}", 200}, // the template, not the path
		"POST /orders 201":      {"INFO", "POST", "/orders", 201},
		"GET /boom 500":         {"ERROR", "GET", "/boom", 500},
		"GET /no/such/page 404": {"WARN", "GET", "/no/such/page", 404}, // no pattern matched: the raw path
		"GET /panic/1 500":      {"ERROR", "GET", "/panic/{n}", 500},
	}
	seen := 0
	for _, b := range got() {
		for _, e := range b.Envelope.Logs {
			if e.Message == "Unhandled error: Something broke" {
				if shape, _ := e.Context["error"].(map[string]any); e.Level != "ERROR" || !strings.Contains(fmt.Sprint(shape["stack"]), "perf_test.go") {
					t.Errorf("the panic is logged with its stack: %+v", e)
				}
				seen++
				continue
			}
			w, ok := want[e.Message]
			if !ok {
				t.Errorf("unexpected log %q", e.Message)
				continue
			}
			seen++
			h, _ := e.Context["http"].(map[string]any)
			if e.Level != w.level || h["method"] != w.method || h["route"] != w.route || h["status"] != w.status {
				t.Errorf("%s: level %s, http %v; want %+v", e.Message, e.Level, h, w)
			}
			if d, ok := h["duration_ms"].(float64); !ok || d <= 0 || d > 60_000 {
				t.Errorf("%s: duration_ms %v is not milliseconds above 0", e.Message, h["duration_ms"])
			}
		}
	}
	if seen != len(want)+1 {
		t.Fatalf("want %d request logs, got %d", len(want), seen)
	}
}

func TestTimedLogsOperationAndDurationAndReturnsTheError(t *testing.T) {
	srv, got := receiver(t)
	log := New(Config{URL: srv.URL, APIKey: "dsk_x", Service: "svc"})
	if err := log.Timed("nightly-report", Fields{"day": "2026-12-01"}, func() error { time.Sleep(3 * time.Millisecond); return nil }); err != nil {
		t.Fatal(err)
	}
	failure := errors.New("disk full")
	if err := log.Timed("export", nil, func() error { return failure }); err != failure {
		t.Fatalf("Timed returned %v, want fn's error", err)
	}
	if err := log.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs := got()[0].Envelope.Logs
	if len(logs) != 2 {
		t.Fatalf("want 2 logs, got %d", len(logs))
	}
	done, failed := logs[0], logs[1]
	if d, _ := done.Context["duration_ms"].(float64); done.Message != "nightly-report done" || done.Level != "INFO" ||
		done.Context["operation"] != "nightly-report" || done.Context["day"] != "2026-12-01" || d < 3 || d > 60_000 {
		t.Errorf("done: %+v", done)
	}
	errShape, _ := failed.Context["error"].(map[string]any)
	if d, _ := failed.Context["duration_ms"].(float64); failed.Message != "export failed" || failed.Level != "ERROR" ||
		failed.Context["operation"] != "export" || d <= 0 || errShape["message"] != "disk full" {
		t.Errorf("failed: %+v", failed)
	}
}
