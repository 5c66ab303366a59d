# Sourced by the test scripts that start `spinlint serve --addr 127.0.0.1:0`: the port is
# chosen by the system and said on standard error ("listening on http://HOST:PORT/").
#
# serve_origin LOG PID: prints http://HOST:PORT once the server has said it (waits up to 30 s);
# fails, with the server's log on standard error, if it exits or never says it.
serve_origin() {
  local log="$1" pid="$2" origin=""
  for _ in $(seq 1 300); do
    origin="$(sed -n 's|.*listening on \(http://[^/ ]*\)/.*|\1|p' "$log" | head -n 1)"
    if [ -n "$origin" ]; then
      printf '%s\n' "$origin"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "spinlint serve did not start:" >&2
  cat "$log" >&2
  return 1
}
