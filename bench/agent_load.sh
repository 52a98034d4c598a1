#!/usr/bin/env bash
# Load on `bpftop agent --listen` over loopback, bounded in count and time: CLIENTS (10) JDBC
# clients at RATE (10) queries/s each and 2 scrapers of /metrics at 1/s, for SECONDS (60), beside
# PROCS (5000) extra sleeping processes. Prints errors, p50/p99 latency, the agent's CPU, and the
# CPU one scrape costs against prometheus-process-exporter's at the same process count (when
# installed: apt-get install prometheus-process-exporter), each beside load and CPU pressure.
#   sudo bench/agent_load.sh                    (after bin/build)
#   PROCS=500 SECONDS_=10 sudo bench/agent_load.sh   a quick run
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
clients=${CLIENTS:-10} rate=${RATE:-10} seconds=${SECONDS_:-60} procs=${PROCS:-5000}
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
dir=$(mktemp -d)
pids=()
cleanup() {
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
for ((i = 0; i < procs; i++)); do sleep 100000 & pids+=($!); done
pressure() { echo "load $(cut -d' ' -f1-3 /proc/loadavg), cpu $(head -1 /proc/pressure/cpu 2>/dev/null)"; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port=$(free_port)
bin/bpftop agent --socket "$dir/agent.sock" --listen "127.0.0.1:$port" 2>"$dir/agent.log" &
agent=$!
pids+=($agent)
for _ in $(seq 900); do grep -q listening "$dir/agent.log" 2>/dev/null && break; sleep 0.2; done
grep -q listening "$dir/agent.log" || { echo "agent did not start: $(cat "$dir/agent.log")" >&2; exit 1; }
echo "tasks: $(ls -d /proc/[0-9]* | wc -l) processes; before: $(pressure)"

# One scrape's CPU, bpftop's /metrics against prometheus-process-exporter's, 20 scrapes each, net
# of what the process spends anyway over as long without scrapes (the agent's --tick walk each
# second; the exporter's is ~0): echoes "NET RAW" in ms per scrape.
scrape_cost() { # PID URL
  local before after t0 t1 idle
  curl -sf -o /dev/null "$2"
  t0=$(date +%s%N)
  before=$(cpu_ms "$1")
  for _ in $(seq 20); do curl -sf -o /dev/null "$2"; done
  after=$(cpu_ms "$1")
  t1=$(date +%s%N)
  idle=$(cpu_ms "$1")
  sleep "$(python3 -c "print(($t1 - $t0) / 1e9)")"
  idle=$(($(cpu_ms "$1") - idle))
  echo $(((after - before - idle) / 20)) $(((after - before) / 20))
}
read -r bpftop_scrape bpftop_raw < <(scrape_cost "$agent" "http://127.0.0.1:$port/metrics")
echo "bpftop /metrics: ${bpftop_scrape} ms CPU per scrape net of the idle agent's (${bpftop_raw} ms with it) ($(pressure))"
if command -v prometheus-process-exporter >/dev/null; then
  pport=$(free_port)
  prometheus-process-exporter --web.listen-address="127.0.0.1:$pport" -procnames sleep,bash,java >/dev/null 2>&1 &
  pe=$!
  pids+=($pe)
  # At thousands of processes its first answer takes a while on a loaded machine.
  for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$pport/metrics" && break; sleep 0.5; done
  read -r pe_scrape pe_raw < <(scrape_cost "$pe" "http://127.0.0.1:$pport/metrics")
  echo "prometheus-process-exporter: ${pe_scrape} ms CPU per scrape (${pe_raw} ms raw); bpftop / exporter =" \
       "$(python3 -c "print(round($bpftop_scrape / max($pe_scrape, 1), 2))")x net, $(python3 -c "print(round($bpftop_raw / max($pe_raw, 1), 2))")x raw (target ≤ 0.2x)"
else
  echo "prometheus-process-exporter not installed: no comparison"
fi

before=$(cpu_ms "$agent")
scrapers=()
for s in 1 2; do
  (end=$((SECONDS + seconds)); while ((SECONDS < end)); do curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" || echo "scrape error" >&2; sleep 1; done) &
  scrapers+=($!)
done
"$java" --sun-misc-unsafe-memory-access=allow -cp target/bpftop.jar bench/AgentLoad.java "jdbc:avatica:remote:url=http://127.0.0.1:$port;serialization=JSON" "$clients" "$rate" "$seconds"
wait "${scrapers[@]}"
after=$(cpu_ms "$agent")
echo "agent CPU: $((after - before)) ms over ${seconds} s ($(python3 -c "print(round(($after - $before) / 10 / $seconds, 1))") % of one CPU); after: $(pressure)"
