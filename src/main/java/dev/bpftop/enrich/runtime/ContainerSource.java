package dev.bpftop.enrich.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Somewhere container names come from: a runtime's API socket or its on-disk store. */
public interface ContainerSource {
    /** Every container this source knows, within {@code timeout}; an absent runtime throws. */
    List<ContainerInfo> list(Duration timeout) throws IOException;

    /** For notes and errors: "docker API at /var/run/docker.sock". */
    String describe();
}
