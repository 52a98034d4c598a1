package dev.bpftop.enrich;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Enricher;
import dev.bpftop.enrich.runtime.ContainerNames;
import dev.bpftop.enrich.runtime.ContainerSource;
import dev.bpftop.enrich.runtime.Endpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Container names from the runtimes (Docker Engine API, Podman's API or store), for the container
 * ids {@link ContainerPath} finds. Nothing is asked until a query reads a name.
 */
public final class ContainerEnricher implements Enricher {
    /** How long one runtime may take to answer, and how long one query waits for names in all. */
    static final Duration SOURCE_TIMEOUT = Duration.ofMillis(200);
    static final Duration QUERY_BUDGET = Duration.ofMillis(300);

    private final ContainerNames names;

    public ContainerEnricher() { this(Endpoints.fromEnvironment()); }

    public ContainerEnricher(List<ContainerSource> sources) {
        this.names = new ContainerNames(sources, SOURCE_TIMEOUT);
    }

    @Override
    public void enrich(Collector.TaskList tasks, Map<Class<?>, Object> extensions) {
        extensions.put(ContainerCatalog.class, new ContainerCatalog(names, QUERY_BUDGET.toNanos()));
    }

    @Override
    public String note() {
        String problem = names.lastProblem();
        return problem == null ? null : "containers: " + problem;
    }
}
