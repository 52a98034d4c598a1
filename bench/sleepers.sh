# Sourced by the benchmarks that run programs in a tmux server of their own beside N extra `sleep`
# processes: start and stop the sleepers, and on exit (also Ctrl-C) kill the server and every
# sleeper still running. The caller sets SOCKET (the tmux socket name) first.
sleepers=()
cleanup() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET"
  ((${#sleepers[@]})) && kill "${sleepers[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_sleepers() { for ((i = 0; i < $1; i++)); do sleep 100000 & sleepers+=($!); done; }

stop_sleepers() {
  kill "${sleepers[@]}" 2>/dev/null || true
  wait "${sleepers[@]}" 2>/dev/null || true
  sleepers=()
}
