package dev.bpftop.enrich;

import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.gpu.GpuEnricher;
import dev.bpftop.enrich.gpu.GpuView;
import java.util.ArrayList;
import java.util.List;

/**
 * The enrichers a snapshot source runs; each is optional (null: its columns stay empty) and
 * failure-tolerant: one that fails empties its columns and never fails the query.
 */
public record Enrichers(CgroupEnricher cgroups, ContainerEnricher containerNames, GpuEnricher gpu) {
    /** What a session runs by default, cheapest first. */
    public static Enrichers defaults() {
        return new Enrichers(new CgroupEnricher(), new ContainerEnricher(), new GpuEnricher());
    }

    public static Enrichers none() { return new Enrichers(null, null, null); }

    public Enrichers with(CgroupEnricher e) { return new Enrichers(e, containerNames, gpu); }

    public Enrichers with(ContainerEnricher e) { return new Enrichers(cgroups, e, gpu); }

    public Enrichers with(GpuEnricher e) { return new Enrichers(cgroups, containerNames, e); }

    Ownership ownership(Collector.TaskList tasks) {
        if (cgroups == null) return Ownership.none();
        try {
            return cgroups.enrich(tasks);
        } catch (RuntimeException e) {
            return Ownership.none();
        }
    }

    ContainerCatalog containers() { return containerNames == null ? ContainerCatalog.NONE : containerNames.catalog(); }

    GpuView gpus() { return gpu == null ? GpuView.NONE : gpu.view(); }

    /** One line per enricher with something to say (what it found, or why it is off). */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (cgroups != null) notes.add(cgroups.note());
        if (containerNames != null && containerNames.note() != null) notes.add(containerNames.note());
        if (gpu != null && gpu.note() != null) notes.add(gpu.note());
        return notes;
    }
}
