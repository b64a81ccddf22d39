package devsmith

// Scenarios driven by test/integrations/go.test.ts, which starts a real DevSmith server (or a small HTTP peer
// that answers 429/503/400) and checks what arrived. Run alone, without DEVSMITH_TEST_SCENARIO, they skip and
// say so. The self-contained tests below them need no server.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"
)

func TestScenario(t *testing.T) {
	scenario := os.Getenv("DEVSMITH_TEST_SCENARIO")
	if scenario == "" {
		t.Skip("DEVSMITH_TEST_SCENARIO not set: these scenarios are run by test/integrations/go.test.ts against a real server")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	switch scenario {
	case "deliver":
		log := New(Config{})
		log.Info("plain info", Fields{"user_id": 42, "nested": Fields{"a": 1}})
		log.Error("plain error", Fields{"code": "E42"})
		slogger := slog.New(log.Handler(slog.LevelDebug)).With("component", "billing")
		slogger.Warn("adapter warn", "order_id", 7)
		slogger.WithGroup("req").Error("adapter error", "err", errors.New("card declined"), "status", 402)
		log.Error("plain exception", Fields{"error": fmt.Errorf("charge failed: %w", os.ErrDeadlineExceeded), "order_id": 9})
		slogger.Debug("adapter debug")
		must(t, log.Close(ctx))
	case "exit-at-once": // the documented pattern: Close (checked) as main ends
		log := New(Config{})
		defer func() { must(t, log.Close(ctx)) }()
		for i := 0; i < 250; i++ {
			log.Info(fmt.Sprintf("exit %d", i), nil)
		}
	case "concurrent":
		log := New(Config{})
		handler := slog.New(log.Handler(slog.LevelInfo))
		var wg sync.WaitGroup
		for g := 0; g < 50; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 100; i++ {
					if i%2 == 0 {
						log.Info(fmt.Sprintf("g%d-%d", g, i), Fields{"g": g})
					} else {
						handler.Info(fmt.Sprintf("g%d-%d", g, i), "g", g)
					}
				}
			}()
		}
		wg.Wait()
		must(t, log.Close(ctx))
	case "steady": // a server outage happens meanwhile
		log := New(Config{})
		for i := 0; i < 600; i++ {
			log.Info(fmt.Sprintf("steady %d", i), Fields{"i": i})
			time.Sleep(5 * time.Millisecond)
		}
		must(t, log.Close(ctx))
	case "one-then-flush":
		log := New(Config{})
		for i := 0; i < 3; i++ {
			log.Info(fmt.Sprintf("one %d", i), nil)
		}
		log.Close(ctx) // a refused batch ends the flush too; nothing to check here
	case "unreachable-fast":
		log := New(Config{})
		handler := slog.New(log.Handler(slog.LevelInfo))
		started := time.Now()
		for i := 0; i < 500; i++ {
			log.Info(fmt.Sprintf("fast %d", i), Fields{"i": i})
			handler.Info(fmt.Sprintf("fast slog %d", i), "i", i)
		}
		elapsed := time.Since(started)
		result, _ := json.Marshal(map[string]float64{"elapsed_ms": float64(elapsed.Microseconds()) / 1000})
		fmt.Printf("RESULT %s\n", result)
		short, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer stop()
		log.Close(short)
	case "drop":
		log := New(Config{MaxBuffer: 50, FlushInterval: time.Hour})
		for i := 0; i < 120; i++ {
			log.Info(fmt.Sprintf("drop %d", i), nil)
		}
		must(t, log.Close(ctx))
	case "aliases": // the server maps aliases; the sample sends them as written
		log := New(Config{})
		for _, level := range []string{"warning", "critical", "err", "notice", "Fatal"} {
			log.Log(level, "alias "+level, nil)
		}
		must(t, log.Close(ctx))
	case "error-shape":
		log := New(Config{})
		slogger := slog.New(log.Handler(slog.LevelInfo))
		slogger.Error("shaped error", "err", fmt.Errorf("charge failed: %w", errors.New("peer reset")), "order_id", 7)
		must(t, log.Close(ctx))
	case "unreachable-running": // the server is down for the whole run: say so while running
		log := New(Config{FlushInterval: 200 * time.Millisecond, ReportInterval: time.Second, MaxBackoff: 200 * time.Millisecond})
		for i := 0; i < 30; i++ {
			log.Info(fmt.Sprintf("running %d", i), nil)
			time.Sleep(100 * time.Millisecond)
		}
		fmt.Fprintln(os.Stderr, "DRIVER: still running")
		short, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer stop()
		if log.Close(short) == nil {
			t.Error("Close returned nil with 30 logs undelivered")
		}
	case "close-unreachable": // five logs, a hung server, a deadline, and the program exits at once
		log := New(Config{})
		for i := 0; i < 5; i++ {
			log.Info(fmt.Sprintf("lost %d", i), nil)
		}
		short, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer stop()
		err := log.Close(short)
		fmt.Printf("RESULT {\"close_failed\": %d}\n", map[bool]int{false: 0, true: 1}[err != nil])
		os.Exit(0) // as main returning would: nothing after Close gets to run
	case "default-url":
		log := New(Config{})
		log.Info("nowhere", nil)
		short, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer stop()
		log.Close(short)
	case "crash": // logs buffered, then a panic with a wrapped error
		log := New(Config{FlushInterval: time.Hour})
		defer log.Recover()
		for i := 0; i < 3; i++ {
			log.Info(fmt.Sprintf("before crash %d", i), nil)
		}
		panic(fmt.Errorf("driver crashed: %w", os.ErrNotExist))
	default:
		t.Fatalf("unknown scenario %q", scenario)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
