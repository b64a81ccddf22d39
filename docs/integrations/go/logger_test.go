package devsmith

// Self-contained checks that need no DevSmith server: a real HTTP server from net/http/httptest stands in for
// the receiving end, so `go test` in this folder verifies the wire format and the slog mapping on its own.

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
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
