package dev.bpftop.live;

import dev.bpftop.collect.SystemInfo;
import dev.bpftop.collect.SystemInfo.CpuTimes;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.history.Replay;
import dev.bpftop.render.Sanitizer;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * htop's meters: a bar per CPU core (busy share since the previous tick, from /proc/stat per-cpu
 * counters), memory and swap bars, then tasks, load, uptime, backend and the tick's own cost. A
 * replay shows the machine as recorded, under a line that says so and when it was recorded.
 */
final class Header {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Palette palette;
    private List<CpuTimes> previousCpus = List.of();
    private double[] cpuBusy = new double[0];

    Header(Palette palette) { this.palette = palette; }

    /**
     * What the meters show: the machine, its task counts (kernel threads null when not known), and
     * for a replay the recorded time (null when live).
     */
    record Frame(SystemInfo system, String backend, Integer processes, Integer threads, Integer kernelThreads, String recorded) {
        static Frame live(Snapshot s) {
            int kthreads = 0, threads = 0;
            for (Task t : s.processes()) {
                if (t.kernelThread) kthreads++;
                else threads += t.threads; // from stat, so the count holds when the query skips the threads walk
            }
            return new Frame(s.system(), s.backend(), s.processes().size() - kthreads, threads, kthreads, null);
        }

        /** The machine as recorded, or nothing but the time when its system row is gone. */
        static Frame recorded(Replay replay) {
            Replay.Machine m = replay.machine();
            if (m == null) {
                SystemInfo none = new SystemInfo("?", "?", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
                return new Frame(none, "?", null, null, null, replay.text());
            }
            return new Frame(m.system(), m.backend(), m.processes(), m.threads(), null, replay.text());
        }
    }

    /** Takes the per-core deltas of a new snapshot (a recorded one has none). */
    void update(SystemInfo system) {
        List<CpuTimes> now = system.cpus();
        double[] busy = new double[now.size()];
        for (int i = 0; i < now.size(); i++) {
            if (i < previousCpus.size()) {
                long total = now.get(i).total() - previousCpus.get(i).total();
                long used = now.get(i).busy() - previousCpus.get(i).busy();
                busy[i] = total > 0 ? Math.max(0, Math.min(1, (double) used / total)) : 0;
            }
        }
        previousCpus = now;
        cpuBusy = busy;
    }

    /** Tick figures shown in the header; the render time is the previous frame's. */
    record Tick(long number, long collectNs, long queryNs, long renderNs) {}

    List<AttributedString> lines(Frame f, Tick tick, int width) {
        SystemInfo sys = f.system();
        List<AttributedString> out = new ArrayList<>();
        if (f.recorded() != null) {
            out.add(new AttributedString("REPLAY (not live): recorded " + f.recorded() + "   ←/[ earlier  →/] later", palette.replay()));
        }
        int perLine = width >= 160 ? 4 : width >= 80 ? 2 : 1;
        int meter = Math.max(14, (width - (perLine - 1)) / perLine);
        // (all lines are cut to the width by the caller; a wrapped line would throw the screen off)
        AttributedStringBuilder line = new AttributedStringBuilder();
        for (int i = 0; i < cpuBusy.length; i++) {
            if (i > 0 && i % perLine == 0) {
                out.add(line.toAttributedString());
                line = new AttributedStringBuilder();
            } else if (i % perLine != 0) {
                line.append(" ");
            }
            bar(line, String.format(Locale.ROOT, "%3d", i), cpuBusy[i], String.format(Locale.ROOT, "%.1f%%", cpuBusy[i] * 100), meter);
        }
        if (cpuBusy.length > 0) out.add(line.toAttributedString());
        // Memory and swap side by side when two meters fit, one under the other when not.
        boolean sideBySide = width >= 80;
        int memMeter = sideBySide ? (width - 1) / 2 : width;
        line = new AttributedStringBuilder();
        long memUsed = sys.memTotal() - sys.memAvailable();
        bar(line, "Mem", fraction(memUsed, sys.memTotal()), human(memUsed) + "/" + human(sys.memTotal()), memMeter);
        if (sideBySide) {
            line.append(" ");
        } else {
            out.add(line.toAttributedString());
            line = new AttributedStringBuilder();
        }
        long swapUsed = sys.swapTotal() - sys.swapFree();
        bar(line, "Swp", fraction(swapUsed, sys.swapTotal()), human(swapUsed) + "/" + human(sys.swapTotal()), memMeter);
        out.add(line.toAttributedString());
        out.add(text(String.format(Locale.ROOT, "%s  up %s  load %.2f %.2f %.2f  %s",
                Sanitizer.forTerminal(sys.hostname()), uptime(sys.uptimeSeconds()), sys.load1(), sys.load5(), sys.load15(),
                f.recorded() != null ? f.recorded() : LocalTime.now().format(CLOCK))));
        out.add(text(String.format(Locale.ROOT, "Tasks: %s; %d running  backend %s  tick %d: collect %s query %s render %s",
                tasks(f), sys.procsRunning(), Sanitizer.forTerminal(f.backend()), tick.number(), ms(tick.collectNs()),
                ms(tick.queryNs()), ms(tick.renderNs()))));
        return out;
    }

    /** Live: processes, their threads and kernel threads apart; recorded: the system table's counts, kernel threads among them. */
    private static String tasks(Frame f) {
        if (f.kernelThreads() != null) return f.processes() + ", " + f.threads() + " thr, " + f.kernelThreads() + " kthr";
        String counts = (f.processes() != null ? f.processes() + " processes" : "? processes") + (f.threads() != null ? ", " + f.threads() + " threads" : "");
        return counts + " (kernel's included)";
    }

    private AttributedString text(String s) {
        return new AttributedString(s, palette.header());
    }

    /** "  0[|||||      12.3%]": the label, then bars filling the share of the width, the figure at the right. */
    private void bar(AttributedStringBuilder sb, String label, double share, String figure, int width) {
        int inner = Math.max(1, width - label.length() - 2);
        int filled = (int) Math.round(share * inner);
        int figureAt = inner - figure.length();
        sb.styled(palette.meterLabel(), label).append("[");
        for (int i = 0; i < inner; i++) {
            if (i >= figureAt && figureAt >= 0) {
                sb.styled(palette.meterText(), String.valueOf(figure.charAt(i - figureAt)));
            } else if (i < filled) {
                sb.styled(palette.meterBar(), "|");
            } else {
                sb.append(" ");
            }
        }
        sb.append("]");
    }

    private static double fraction(long part, long whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, (double) part / whole));
    }

    static String human(long bytes) {
        double v = bytes;
        String[] units = {"B", "K", "M", "G", "T"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B" : String.format(Locale.ROOT, v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        long days = s / 86400;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
        return days > 0 ? days + (days == 1 ? " day, " : " days, ") + hms : hms;
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.1fms", ns / 1e6);
    }
}
