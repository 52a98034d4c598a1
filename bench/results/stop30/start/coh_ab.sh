#!/bin/bash
# interleaved perf stat: plain cache vs compact-headers cache
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; R=/work/wt-start
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xmx64m -Xmn8m -XX:TrimNativeHeapInterval=5000 -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:aot*=off,cds*=off -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
Q="SELECT count(*) FROM processes"
for r in 1 2 3; do
  echo -n "plain: "; perf stat -r 5 -e task-clock $J $F -XX:AOTCache=$R/target/bpftop.aot -Dbpftop.compiled=$R/target/bpftop.compiled -cp $R/target/bpftop.jar dev.bpftop.cli.Main --no-agent -e "$Q" 2>&1 >/dev/null | grep -E "task-clock|elapsed" | awk '{printf "%s %s ", $1, $2}'; echo
  echo -n "coh:   "; perf stat -r 5 -e task-clock $J $F -XX:+UseCompactObjectHeaders -XX:AOTCache=/tmp/s30prof/coh.aot -Dbpftop.compiled=/tmp/s30prof/coh.compiled -cp $R/target/bpftop.jar dev.bpftop.cli.Main --no-agent -e "$Q" 2>&1 >/dev/null | grep -E "task-clock|elapsed" | awk '{printf "%s %s ", $1, $2}'; echo
done
