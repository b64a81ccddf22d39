// Gin with DevSmith: one log line per request and every panic captured with its stack, then answered with 500.
// Run: DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web go run .
// In your own module, copy logger.go into a package of yours and import that instead of example.com/devsmith.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"example.com/devsmith"
	"github.com/gin-gonic/gin"
)

// RequestLogger logs every request as context.http = {method, route, status, duration_ms}, the convention of
// DevSmith's performance views (docs/performance.md): route is Gin's template ("/orders/:id"), not the path, so
// requests group by endpoint; duration_ms a float with sub-ms precision. With its request id.
func RequestLogger(log *devsmith.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		started := time.Now()
		requestID := c.GetHeader("X-Request-Id")
		if requestID == "" {
			b := make([]byte, 8)
			rand.Read(b)
			requestID = hex.EncodeToString(b)
		}
		c.Set("request_id", requestID)
		c.Header("X-Request-Id", requestID)
		c.Next()
		status := c.Writer.Status()
		level := "INFO"
		if status >= 500 {
			level = "ERROR"
		} else if status >= 400 {
			level = "WARN"
		}
		route := c.FullPath()
		if route == "" { // no route matched (404, 405): Gin has no template, so the raw path stands in
			route = c.Request.URL.Path
		}
		http := devsmith.Fields{"method": c.Request.Method, "route": route, "status": status,
			"duration_ms": devsmith.Milliseconds(time.Since(started))}
		log.Log(level, fmt.Sprintf("%s %s %d", c.Request.Method, c.Request.URL.Path, status), devsmith.Fields{
			"http": http, "path": c.Request.URL.Path, "request_id": requestID,
		})
	}
}

// Recovery turns a panic into a logged ERROR with context.error (type, message, stack) and a 500 answer (use it
// instead of gin.Recovery).
func Recovery(log *devsmith.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				log.Error(fmt.Sprintf("Unhandled error: %v", r), devsmith.Fields{
					"error": devsmith.PanicFields(r, string(debug.Stack())), "method": c.Request.Method,
					"path": c.Request.URL.Path, "request_id": c.GetString("request_id"),
				})
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "Internal Server Error"})
			}
		}()
		c.Next()
	}
}

func main() {
	log := devsmith.New(devsmith.Config{})
	defer log.Recover() // a panic outside a request (here in main) is sent as FATAL, then crashes as usual
	gin.SetMode(gin.ReleaseMode)
	router := gin.New()
	router.Use(RequestLogger(log), Recovery(log)) // logger first, so it sees the 500 that Recovery writes
	router.GET("/", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"hello": "world"}) })
	router.GET("/orders/:id", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"order_id": c.Param("id")}) })
	router.GET("/boom", func(c *gin.Context) { panic("Something broke") })

	port := os.Getenv("PORT")
	if port == "" {
		port = "3002"
	}
	server := &http.Server{Addr: "127.0.0.1:" + port, Handler: router}
	go func() {
		if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal("server failed", devsmith.Fields{"error": err.Error()})
		}
	}()
	log.Info("gin example listening", devsmith.Fields{"port": port})

	// Graceful stop on SIGTERM/SIGINT: finish requests, then deliver the buffered logs.
	stop, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	<-stop.Done()
	ctx, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	server.Shutdown(ctx)
	if err := log.Close(ctx); err != nil { // already on stderr: how many logs were lost, where, why
		os.Exit(1)
	}
}
