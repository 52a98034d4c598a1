package dev.bpftop.sql;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A collector noting the details each walk was asked for. */
record AskingCollector(Collector collector, List<Set<Detail>> asked) implements Collector {
    @Override
    public String name() { return collector.name(); }

    @Override
    public TaskList collect() { return collect(Detail.all()); }

    @Override
    public TaskList collect(Set<Detail> details) {
        asked.add(details.isEmpty() ? Set.of() : EnumSet.copyOf(details));
        return collector.collect(details);
    }
}
