package dev.bpftop.enrich;

import dev.bpftop.enrich.runtime.ContainerNames;
import dev.bpftop.enrich.runtime.ContainerSource;
import dev.bpftop.enrich.runtime.Endpoints;
import java.time.Duration;
import java.util.List;

/**
 * Container names from the runtimes (Docker Engine API, Podman's API or store), for the container
 * ids {@link ContainerPath} finds. Nothing is asked until a query reads a name.
 */
public final class ContainerEnricher {
    /** How long one runtime may take to answer, and how long one query waits for names in all. */
    static final Duration SOURCE_TIMEOUT = Duration.ofMillis(200);
    static final Duration QUERY_BUDGET = Duration.ofMillis(300);

    private final ContainerNames names;

    public ContainerEnricher() { this(Endpoints.fromEnvironment()); }

    public ContainerEnricher(List<ContainerSource> sources) {
        this.names = new ContainerNames(sources, SOURCE_TIMEOUT);
    }

    /** A fresh catalog per snapshot: its lookups share one deadline. */
    public ContainerCatalog catalog() { return new ContainerCatalog(names, QUERY_BUDGET.toNanos()); }

    /** Why names are missing, if the last lookup failed; null otherwise. */
    public String note() {
        String problem = names.lastProblem();
        return problem == null ? null : "containers: " + problem;
    }
}
