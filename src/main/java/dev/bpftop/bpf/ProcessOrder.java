package dev.bpftop.bpf;

import dev.bpftop.collect.Collector.TaskList;
import dev.bpftop.collect.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A walk's rows in the order queries see them: processes by pid, each with its reading time
 * (the rows and their times go by position, see {@link TaskList}).
 */
final class ProcessOrder {
    private ProcessOrder() {}

    /** {@code walk}'s rows with {@code more}'s (null: none), processes sorted by pid. */
    static TaskList sorted(TaskList walk, TaskList more) {
        List<Task> processes = walk.processes(), threads = walk.threads();
        long[] readNs = walk.processReadNs(), threadReadNs = walk.threadReadNs();
        if (more != null) {
            // The pid-1 stand-in goes ahead of the walk's processes, where it needs no sort.
            boolean ahead = more.processes().isEmpty() || processes.isEmpty() || more.processes().getLast().tgid < processes.getFirst().tgid;
            processes = ahead ? concat(more.processes(), processes) : concat(processes, more.processes());
            readNs = ahead ? concat(more.processReadNs(), readNs) : concat(readNs, more.processReadNs());
            threads = concat(threads, more.threads());
            threadReadNs = concat(threadReadNs, more.threadReadNs());
        }
        if (!ascending(processes)) {
            // The kernel walks by tid, so this is rare (an exec by a non-leader thread takes its pid):
            // sort positions by pid, packed with the pid into longs, and take both in that order.
            long[] order = new long[processes.size()];
            for (int i = 0; i < order.length; i++) order[i] = (long) processes.get(i).tgid << 32 | i;
            Arrays.sort(order);
            List<Task> sorted = new ArrayList<>(order.length);
            long[] sortedNs = new long[order.length];
            for (int i = 0; i < order.length; i++) {
                int from = (int) order[i];
                sorted.add(processes.get(from));
                sortedNs[i] = readNs[from];
            }
            processes = sorted;
            readNs = sortedNs;
        }
        return new TaskList(processes, threads, readNs, threadReadNs, null, null);
    }

    private static boolean ascending(List<Task> processes) {
        for (int i = 1; i < processes.size(); i++) if (processes.get(i - 1).tgid > processes.get(i).tgid) return false;
        return true;
    }

    private static List<Task> concat(List<Task> a, List<Task> b) {
        List<Task> c = new ArrayList<>(a.size() + b.size());
        c.addAll(a);
        c.addAll(b);
        return c;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
