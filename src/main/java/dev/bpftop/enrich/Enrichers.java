package dev.bpftop.enrich;

import dev.bpftop.collect.Enricher;
import dev.bpftop.enrich.gpu.GpuEnricher;
import java.util.List;

/** The enrichers a session runs by default, cheapest first. */
public final class Enrichers {
    private Enrichers() {}

    public static List<Enricher> defaults() {
        return List.of(new CgroupEnricher(), new ContainerEnricher(), new GpuEnricher());
    }
}
