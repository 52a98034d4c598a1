package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the machine-wide figures; shared by every backend. */
public final class SystemInfoReader {
    private final Path proc;

    public SystemInfoReader() { this(Path.of("/proc")); }

    public SystemInfoReader(Path proc) { this.proc = proc; }

    public SystemInfo read() {
        String[] uptime = read("uptime").trim().split("\\s+");
        String[] load = read("loadavg").trim().split("\\s+");
        long memTotal = 0, memFree = 0, memAvailable = 0, buffers = 0, cached = 0, swapTotal = 0, swapFree = 0;
        for (String line : read("meminfo").split("\n")) {
            String[] kv = line.split(":\\s+");
            if (kv.length < 2) continue;
            long bytes = Long.parseLong(kv[1].replace(" kB", "").trim()) * 1024;
            switch (kv[0]) {
                case "MemTotal" -> memTotal = bytes;
                case "MemFree" -> memFree = bytes;
                case "MemAvailable" -> memAvailable = bytes;
                case "Buffers" -> buffers = bytes;
                case "Cached" -> cached = bytes;
                case "SwapTotal" -> swapTotal = bytes;
                case "SwapFree" -> swapFree = bytes;
                default -> { }
            }
        }
        long bootTime = 0;
        int running = 0, blocked = 0;
        List<SystemInfo.CpuTimes> cpus = new ArrayList<>();
        for (String line : read("stat").split("\n")) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus.add(cpuTimes(line));
            } else if (line.startsWith("btime ")) {
                bootTime = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("procs_running ")) {
                running = Integer.parseInt(line.substring(14).trim());
            } else if (line.startsWith("procs_blocked ")) {
                blocked = Integer.parseInt(line.substring(14).trim());
            }
        }
        return new SystemInfo(read("sys/kernel/hostname").trim(), read("sys/kernel/osrelease").trim(),
                Double.parseDouble(uptime[0]),
                Double.parseDouble(load[0]), Double.parseDouble(load[1]), Double.parseDouble(load[2]),
                memTotal, memFree, memAvailable, buffers, cached, swapTotal, swapFree,
                cpus.size(), bootTime, running, blocked, List.copyOf(cpus));
    }

    private static SystemInfo.CpuTimes cpuTimes(String line) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // guest is inside user
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new SystemInfo.CpuTimes(total - idle, total);
    }

    private String read(String name) {
        try {
            return Files.readString(proc.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + proc.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
