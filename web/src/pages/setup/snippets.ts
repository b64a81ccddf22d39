/**
 * Copy-paste snippets for the setup page and the key dialog, written against the ingestion
 * contract (BRIEF §3: POST /api/logs/batch, key in `Authorization: Bearer`). The setup page passes
 * a placeholder instead of the key: keys are shown once, never re-displayed.
 */

export const KEY_PLACEHOLDER = '<YOUR_API_KEY>';

export function envSnippet(origin: string, slug: string, key = KEY_PLACEHOLDER): string {
  return [
    `export DEVSMITH_URL=${origin}`,
    `export DEVSMITH_API_KEY=${key}`,
    `export DEVSMITH_PROJECT=${slug}`,
    `export DEVSMITH_SERVICE=api-server`,
  ].join('\n');
}

export function curlSnippet(origin: string, slug: string, key = KEY_PLACEHOLDER): string {
  return `curl -sS -X POST ${origin}/api/logs/batch \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{
    "project_slug": "${slug}",
    "service_name": "api-server",
    "environment": "production",
    "logs": [
      { "level": "INFO", "message": "Hello from curl", "context": { "user_id": 123 } }
    ]
  }'`;
}

export function javascriptSnippet(origin: string, slug: string, key = KEY_PLACEHOLDER): string {
  return `// Node 18+ or any browser: no dependency needed.
const DEVSMITH_URL = process.env.DEVSMITH_URL ?? '${origin}';
const DEVSMITH_API_KEY = process.env.DEVSMITH_API_KEY ?? '${key}';

async function sendLogs(logs) {
  const response = await fetch(\`\${DEVSMITH_URL}/api/logs/batch\`, {
    method: 'POST',
    headers: {
      'Authorization': \`Bearer \${DEVSMITH_API_KEY}\`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      project_slug: '${slug}',
      service_name: 'api-server',
      environment: 'production',
      logs,
    }),
  });
  if (!response.ok) console.error('DevSmith:', response.status, await response.text());
}

await sendLogs([
  { level: 'INFO', message: 'Server started', context: { port: 8080 } },
  { level: 'ERROR', message: 'Database error', context: { code: 'ECONNREFUSED' } },
]);`;
}

export function pythonSnippet(origin: string, slug: string, key = KEY_PLACEHOLDER): string {
  return `# Python 3.8+, standard library only.
import json, os, urllib.request

DEVSMITH_URL = os.environ.get("DEVSMITH_URL", "${origin}")
DEVSMITH_API_KEY = os.environ.get("DEVSMITH_API_KEY", "${key}")

def send_logs(logs):
    body = json.dumps({
        "project_slug": "${slug}",
        "service_name": "api-server",
        "environment": "production",
        "logs": logs,
    }).encode()
    request = urllib.request.Request(
        f"{DEVSMITH_URL}/api/logs/batch",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {DEVSMITH_API_KEY}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)

send_logs([
    {"level": "INFO", "message": "Worker started", "context": {"queue": "emails"}},
    {"level": "ERROR", "message": "Job failed", "context": {"job_id": 42}},
])`;
}

export function goSnippet(origin: string, slug: string, key = KEY_PLACEHOLDER): string {
  return `// Go 1.21+, standard library only.
package main

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	url := env("DEVSMITH_URL", "${origin}") + "/api/logs/batch"
	key := env("DEVSMITH_API_KEY", "${key}")

	body, _ := json.Marshal(map[string]any{
		"project_slug": "${slug}",
		"service_name": "api-server",
		"environment":  "production",
		"logs": []map[string]any{
			{"level": "INFO", "message": "Service started", "context": map[string]any{"port": 8080}},
		},
	})
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	log.Println("DevSmith answered", resp.Status)
}`;
}

/** How each sample in docs/integrations/ is used once copied into an app (configured by the env block). */
export const SAMPLE_USAGE = {
  javascript: `// Copy docs/integrations/javascript/logger.cjs into your app (Node 18+, no dependencies).
import { DevSmithLogger } from './logger.cjs'; // CommonJS: const { DevSmithLogger } = require('./logger.cjs');

const log = new DevSmithLogger(); // reads DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE
log.info('user signed in', { user_id: 42 });
log.error('payment failed', { order_id: 7, provider: 'stripe' });
// Batches of 100 or every 5 s, gzip, retries with backoff, flushed on exit.
// pino and winston users: see pino-transport.cjs and winston-transport.cjs next to it.`,
  python: `# Copy docs/integrations/python/logger.py into your app (standard library only).
import logging
import logger as devsmith

# Existing logging calls are captured...
logging.getLogger().addHandler(devsmith.DevSmithHandler())
logging.getLogger(__name__).error("payment failed", extra={"order_id": 7}, exc_info=True)  # context.error

# ...or log directly.
log = devsmith.DevSmithLogger(service="worker")
log.info("job done", {"job_id": 12})`,
  go: `// Copy docs/integrations/go/logger.go into your module (standard library only).
log := devsmith.New(devsmith.Config{}) // empty fields come from the environment
defer log.Recover()                    // a panic is sent as FATAL with its stack, then panics on

log.Info("user signed in", devsmith.Fields{"user_id": 42})
slog.SetDefault(slog.New(log.Handler(slog.LevelInfo))) // capture log/slog too

// Before main returns: flush, and check what was lost (also printed on stderr).
ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
defer cancel()
if err := log.Close(ctx); err != nil {
	os.Exit(1)
}`,
  curl: `# docs/integrations/shell/send-logs.sh forwards any command's output or stdin.
./send-logs.sh -- ./nightly.sh --full      # runs it, forwards stdout+stderr, keeps its exit status
tail -F /var/log/app.log | ./send-logs.sh  # or anything on stdin`,
} as const;
