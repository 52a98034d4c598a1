package dev.bpftop.enrich;

import dev.bpftop.enrich.runtime.ContainerInfo;
import dev.bpftop.enrich.runtime.ContainerNames;

/**
 * What {@link ContainerEnricher} gives a snapshot: container details from the runtime, asked
 * only when a query reads them. All lookups of one snapshot share one deadline, so a query waits
 * for a slow runtime at most once.
 */
public final class ContainerCatalog {
    /** Without a container enricher: no runtime is asked. */
    static final ContainerCatalog NONE = new ContainerCatalog(null, 0);

    private final ContainerNames names;
    private final long budgetNanos;
    private volatile long deadline;

    ContainerCatalog(ContainerNames names, long budgetNanos) {
        this.names = names;
        this.budgetNanos = budgetNanos;
    }

    /** The runtime's view of the container, or null when unknown or not answered in time. */
    public ContainerInfo info(String id) {
        if (id == null || names == null) return null;
        long d = deadline;
        if (d == 0) {
            synchronized (this) {
                if (deadline == 0) deadline = System.nanoTime() + budgetNanos;
                d = deadline;
            }
        }
        return names.lookup(id, d);
    }
}
