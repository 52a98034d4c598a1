package dev.bpftop.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many CPUs the kernel may ever have (nr_cpu_ids): the highest in /sys/devices/system/cpu/possible, plus one. */
final class PossibleCpus {
    private PossibleCpus() {}

    /** 0 when unknown, which makes the walk report RSS counters' central values instead of exact sums. */
    static int count() {
        try {
            return count(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** From a CPU list such as "0-3", "0,2-5" or "0". */
    static int count(String list) {
        int highest = -1;
        for (String range : list.strip().split(",")) {
            if (range.isEmpty()) continue;
            String last = range.substring(range.indexOf('-') + 1);
            try {
                highest = Math.max(highest, Integer.parseInt(last));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return highest + 1;
    }
}
