package dev.bpftop.collect;

import java.util.Map;

/**
 * What a collector's last walk cost, phase by phase (nanoseconds, in the order they ran), and what
 * it counted (records of each kind, bytes): what `bpftop bench` breaks its times down by.
 */
public record WalkStats(Map<String, Long> phaseNs, Map<String, Long> counts) {
    public static final WalkStats NONE = new WalkStats(Map.of(), Map.of());
}
