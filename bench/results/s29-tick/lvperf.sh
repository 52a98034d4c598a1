#!/usr/bin/env bash
# perf profile of the live view at N sleepers in the window S..S+D s after start
set -u
cd ${DIR:-/work/wt-tick}
N=${N:-1000} D=${D:-30} S=${S:-10} OUTP=${OUTP:-/tmp/s29-tick/perf.data}
SOCKET=lv-tickp-$$
pids=(); for ((i=0;i<N;i++)); do sleep 100000 & pids+=($!); done
sleep 5
tmux -L $SOCKET new-session -d -s b -x 200 -y 50 "exec env JDK_JAVA_OPTIONS='-XX:+PreserveFramePointer ${JOPTS:-}' ${ENVS:-X=1} bin/${BIN:-bpftop} --no-agent -d 1000"
sleep $S
bp=$(tmux -L $SOCKET display-message -p -t b '#{pane_pid}')
tot() { awk '{sub(/.*\) /,""); print $12+$13}' /proc/$bp/stat; }
t0=$(tot)
perf record -q -e cpu-clock -F 1999 -g -p $bp -o $OUTP -- sleep $D 2>/dev/null
t1=$(tot)
/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $bp Compiler.perfmap >/dev/null 2>&1
cp /tmp/perf-$bp.map /tmp/s29-tick/ 2>/dev/null
tmux -L $SOCKET kill-server
kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null
echo "pid $bp process ticks in window: $((t1-t0))"
