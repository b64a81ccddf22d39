#!/usr/bin/env bash
# Send a command's output to DevSmith Logs, one log per line, with nothing but bash, curl (and gzip if present).
#   some-command 2>&1 | ./send-logs.sh          # forward stdin (lines are echoed to stdout too, like tee)
#   ./send-logs.sh -- some-command arg...       # run it, forward stdout+stderr, exit with its status (and log it)
# The last log of `-- command` is timed work as DevSmith's performance views read it: context.operation (the
# command's name, or DEVSMITH_OPERATION) and context.duration_ms, beside context.exit_code.
# Configure with DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE. Optional: DEVSMITH_LEVEL
# (force one level; default: guessed per line from whole words like ERROR/WARN/DEBUG), DEVSMITH_BATCH_SIZE (100),
# DEVSMITH_FLUSH_INTERVAL (5 s), DEVSMITH_MAX_BUFFER (10,000 lines), DEVSMITH_EXIT_TIMEOUT (5 s).
#
# How it never holds up the command: lines are written to batch files in a spool folder and a background
# sender posts them, retrying network errors, 429 and 5xx with backoff (honouring Retry-After) under one
# Idempotency-Key per batch. When more than DEVSMITH_MAX_BUFFER lines wait, the oldest batch is dropped and the
# loss is reported (stderr, and a WARN log in the next batch). Delivery failures are reported on stderr at
# the first one and then at most once a minute, naming the URL, so a wrong URL or a server down is not silent.
set -u
BASE_URL="${DEVSMITH_URL:-http://localhost:3000}"; BASE_URL="${BASE_URL%/}"; URL="$BASE_URL/api/logs/batch"
REPORT_EVERY=60 # seconds between two reports of the same ongoing delivery failure
BATCH_SIZE="${DEVSMITH_BATCH_SIZE:-100}"; INTERVAL="${DEVSMITH_FLUSH_INTERVAL:-5}"
MAX_FILES=$(( (${DEVSMITH_MAX_BUFFER:-10000} + BATCH_SIZE - 1) / BATCH_SIZE ))
EXIT_TIMEOUT="${DEVSMITH_EXIT_TIMEOUT:-5}"
SPOOL="$(mktemp -d "${TMPDIR:-/tmp}/devsmith.XXXXXX")"
warn() { printf 'devsmith: %s\n' "$*" >&2; }
[ -z "${DEVSMITH_URL:-}" ] && warn "DEVSMITH_URL is not set; sending to $BASE_URL"

json_string() { # JSON-escape $1 into the variable named by $2 (no forks: fast enough for busy output)
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\r'/}; s=${s//[[:cntrl:]]/ }
  printf -v "$2" '"%s"' "$s"
}
json_string "${DEVSMITH_SERVICE:-shell}" SERVICE_JSON
json_string "${DEVSMITH_PROJECT:-}" PROJECT_JSON
json_string "$(hostname 2>/dev/null || echo unknown)" HOST_JSON
ENVELOPE="\"service_name\":$SERVICE_JSON,\"host\":$HOST_JSON"
[ -n "${DEVSMITH_PROJECT:-}" ] && ENVELOPE="$ENVELOPE,\"project_slug\":$PROJECT_JSON"

now_iso() { # ISO 8601 UTC with milliseconds; bash 5 has EPOCHREALTIME, older shells fork date
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local sec=${EPOCHREALTIME%[.,]*} frac=${EPOCHREALTIME#*[.,]}
    printf -v "$1" '%(%Y-%m-%dT%H:%M:%S)T.%sZ' "$sec" "${frac:0:3}" # TZ=UTC is set for the reader below
  else printf -v "$1" '%s' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"; fi
}

# Level words, matched as whole words ("0 errors found" is not an ERROR); ERROR and EXCEPTION also end class
# names (TypeError, java.io.IOException). The first that matches wins, most severe first.
W='(^|[^A-Z0-9_])' E='([^A-Z0-9_]|$)'
FATAL_RE="${W}(FATAL|PANIC|CRIT|CRITICAL|EMERG)${E}" ERROR_RE="${W}(ERR|SEVERE|TRACEBACK|[A-Z0-9_.]*ERROR|[A-Z0-9_.]*EXCEPTION)${E}"
WARN_RE="${W}(WARN|WARNING)${E}" DEBUG_RE="${W}DEBUG${E}"
level_of() { # guess from the line; set DEVSMITH_LEVEL to force one
  if [ -n "${DEVSMITH_LEVEL:-}" ]; then LEVEL=${DEVSMITH_LEVEL^^}; return; fi
  local line=${1^^}
  if [[ $line =~ $FATAL_RE ]]; then LEVEL=FATAL; elif [[ $line =~ $ERROR_RE ]]; then LEVEL=ERROR
  elif [[ $line =~ $WARN_RE ]]; then LEVEL=WARN; elif [[ $line =~ $DEBUG_RE ]]; then LEVEL=DEBUG; else LEVEL=INFO; fi
}

post() { # post one batch file; 0 when done with it (sent or refused for good), 1 when it should be retried
  local file=$1 key=$2 status body=$SPOOL/body headers=$SPOOL/headers answer=$SPOOL/answer
  rm -f "$headers"
  { printf '{%s,"logs":[' "$ENVELOPE"; paste -sd, "$file"; printf ']}'; } > "$body"
  local encoding=()
  if command -v gzip >/dev/null; then gzip -f "$body" && mv "$body.gz" "$body"; encoding=(-H 'Content-Encoding: gzip'); fi
  status=$(curl -sS -o "$answer" -D "$headers" -w '%{http_code}' --max-time 10 -X POST "$URL" \
    -H "Authorization: Bearer ${DEVSMITH_API_KEY:-}" -H 'Content-Type: application/json' "${encoding[@]}" \
    -H "Idempotency-Key: $key" --data-binary @"$body" 2>"$SPOOL/curl-error") || status=000
  case "$status" in
    2??) return 0 ;;
    000|429|5??)
      RETRY_AFTER=$(tr -d '\r' < "$headers" 2>/dev/null | awk 'tolower($1)=="retry-after:"{print $2}')
      if [ "$status" = 000 ]; then FAILURE=$(head -c 300 "$SPOOL/curl-error"); else FAILURE="HTTP $status"; fi
      return 1 ;;
    *) warn "server refused $(wc -l < "$file") logs: HTTP $status $(head -c 300 "$answer")"; return 0 ;;
  esac
}

waiting() { cat "$SPOOL"/*.batch 2>/dev/null | wc -l; }

sender() { # background: send spool/*.batch in order until the reader is done and the spool is empty
  local file key attempt delay_ms finished reported=-$REPORT_EVERY failures=0
  while :; do
    # Look for the end marker BEFORE listing: it is written after the last batch, so a listing made after seeing
    # it is complete. (Listing first lost the last batch when it landed between the two: whole cron runs gone.)
    finished=0; [ -e "$SPOOL/eof" ] && finished=1
    file=$(ls "$SPOOL"/*.batch 2>/dev/null | head -n 1)
    if [ -z "$file" ]; then [ "$finished" = 1 ] && return; sleep 0.2; continue; fi
    key="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo "$RANDOM$RANDOM-$$-$SECONDS-$RANDOM")"
    attempt=0
    until post "$file" "$key"; do
      if [ -e "$SPOOL/eof" ] && [ $(( $(date +%s) - $(cat "$SPOOL/eof") )) -ge "$EXIT_TIMEOUT" ]; then
        warn "could not deliver $(waiting) logs to $BASE_URL before exit ($FAILURE)"; return
      fi
      failures=$(( failures + 1 ))
      if [ $(( SECONDS - reported )) -ge "$REPORT_EVERY" ]; then # at the first failure, then once a minute
        warn "cannot deliver logs to $BASE_URL ($FAILURE); $(waiting) logs waiting, $failures failed attempts; retrying with backoff"
        reported=$SECONDS
      fi
      if [[ "$RETRY_AFTER" =~ ^[0-9]+$ ]]; then delay_ms=$(( RETRY_AFTER * 1000 ))
      else base=$(( 500 << (attempt < 6 ? attempt : 6) )); delay_ms=$(( base / 2 + RANDOM % (base / 2 + 1) )); fi
      sleep "$(( delay_ms / 1000 )).$(printf '%03d' $(( delay_ms % 1000 )))"
      attempt=$(( attempt + 1 ))
    done
    rm -f "$file"
    if [ "$failures" -gt 0 ]; then warn "delivering to $BASE_URL again after $failures failed attempts"; failures=0; reported=-$REPORT_EVERY; fi
  done
}

reader() { # read lines, echo them, cut them into batch files; a partial batch goes out after INTERVAL seconds
  export TZ=UTC
  local line status ts msg count=0 seq=0 started=$SECONDS dropped=0 current=""
  flush() {
    [ "$count" -gt 0 ] || return 0
    if [ "$dropped" -gt 0 ]; then # report the loss in this batch
      now_iso ts; warn "dropped $dropped log lines because the buffer was full"
      printf '{"timestamp":"%s","level":"WARN","message":"devsmith logger dropped %d log entries because its buffer was full","context":{"devsmith_dropped":%d}}\n' "$ts" "$dropped" "$dropped" >> "$current"
      dropped=0
    fi
    mv "$current" "${current%.part}.batch"; count=0
    while [ "$(ls "$SPOOL"/*.batch 2>/dev/null | wc -l)" -gt "$MAX_FILES" ]; do # over the bound: drop the oldest
      local oldest; oldest=$(ls "$SPOOL"/*.batch | sed -n 2p) # (the first may be on the wire right now)
      dropped=$(( dropped + $(wc -l < "$oldest") )); rm -f "$oldest"
    done
  }
  while :; do
    IFS= read -r -t 1 line; status=$?
    if [ $status -gt 128 ]; then [ $(( SECONDS - started )) -ge "$INTERVAL" ] && flush; continue; fi
    [ $status -ne 0 ] && [ -z "$line" ] && break
    printf '%s\n' "$line"
    [ "$count" -eq 0 ] && { seq=$(( seq + 1 )); printf -v current '%s/%012d.part' "$SPOOL" "$seq"; started=$SECONDS; }
    now_iso ts; level_of "$line"; json_string "$line" msg
    printf '{"timestamp":"%s","level":"%s","message":%s}\n' "$ts" "$LEVEL" "$msg" >> "$current"
    count=$(( count + 1 ))
    [ "$count" -ge "$BATCH_SIZE" ] && flush
    [ $status -ne 0 ] && break # last line had no newline
  done
  flush
}

now_us() { # microseconds since the epoch into the variable named by $1, for durations
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local sec=${EPOCHREALTIME%[.,]*} frac=${EPOCHREALTIME#*[.,]}000000
    printf -v "$1" '%s' "$(( sec * 1000000 + 10#${frac:0:6} ))"
  else
    local ns; ns=$(date +%s%N); case $ns in *N) ns=$(( $(date +%s) * 1000000000 )) ;; esac # no %N (BSD date): seconds
    printf -v "$1" '%s' "$(( ns / 1000 ))"
  fi
}

# The wrapped command's exit status, as the last log (after every batch: sorts last). $1 exit code, $2 the
# command line, $3 its operation name, $4 its duration in microseconds.
exit_status_log() {
  local ts command operation level=INFO duration
  [ "$1" -ne 0 ] && level=ERROR
  export TZ=UTC; now_iso ts; json_string "$2" command; json_string "$3" operation
  printf -v duration '%d.%03d' $(( $4 / 1000 )) $(( $4 % 1000 )) # milliseconds, sub-ms precision
  printf '{"timestamp":"%s","level":"%s","message":"command exited with status %d","context":{"exit_code":%d,"command":%s,"operation":%s,"duration_ms":%s}}\n' \
    "$ts" "$level" "$1" "$1" "$command" "$operation" "$duration" > "$SPOOL/999999999999.part"
  mv "$SPOOL/999999999999.part" "$SPOOL/999999999999.batch"
}

sender & SENDER=$!
trap 'rm -rf "$SPOOL"' EXIT
if [ "${1:-}" = "--" ]; then
  shift
  now_us STARTED_US
  "$@" 2>&1 | reader
  CODE=${PIPESTATUS[0]}
  now_us ENDED_US
  exit_status_log "$CODE" "$*" "${DEVSMITH_OPERATION:-${1##*/}}" $(( ENDED_US - STARTED_US ))
else
  reader; CODE=0
fi
# The end marker, written whole (the sender reads the time in it) and only after the last batch.
date +%s > "$SPOOL/eof.tmp" && mv "$SPOOL/eof.tmp" "$SPOOL/eof"
wait "$SENDER"
exit "$CODE"
