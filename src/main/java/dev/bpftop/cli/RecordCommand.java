package dev.bpftop.cli;

import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.history.Recorder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `bpftop record`: a snapshot every interval into a recording that `history.*` and --at query. */
@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Record a snapshot of processes, cgroups, containers, GPUs and the system every interval, as Parquet files.")
final class RecordCommand implements Callable<Integer> {
    @Mixin
    RecordOptions record = new RecordOptions();

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    /** For tests and benchmarks: stop after this many snapshots. */
    @Option(names = "--count", paramLabel = "N", hidden = true, defaultValue = "0")
    long count;

    /** For benchmarks: merge every part now (the current hour's too) and exit. */
    @Option(names = "--merge", hidden = true)
    boolean merge;

    /** For benchmarks: write this many hours made up from one real snapshot (see Synthetic) and exit. */
    @Option(names = "--synthesize", paramLabel = "HOURS", hidden = true, defaultValue = "0")
    int synthesize;

    @Option(names = "--synthesize-processes", paramLabel = "N", hidden = true, defaultValue = "1000")
    int synthesizeProcesses;

    @Override
    public Integer call() throws Exception {
        RecordOptions.Checked checked;
        try {
            checked = record.check();
        } catch (IllegalArgumentException e) {
            System.err.println("bpftop: " + e.getMessage());
            return 2;
        }
        OpenedBackend opened = OpenedBackend.open(backend);
        if (opened.collector() == null) return opened.failure();
        Collector collector = opened.collector();
        Recorder recorder;
        try {
            recorder = record.open(checked, "bpftop record");
        } catch (java.io.IOException e) {
            System.err.println("bpftop record: cannot use " + record.dir + ": " + e.getMessage());
            collector.close();
            return 1;
        }
        try (SnapshotSource source = new SnapshotSource(collector, Enrichers.defaults(), 0); recorder) {
            if (merge) {
                recorder.mergeAll();
                return 0;
            }
            if (synthesize > 0) {
                source.refresh();
                Thread.sleep(checked.every().toMillis());
                System.out.println(dev.bpftop.history.Synthetic.write(record.dir, source.refresh(), synthesize, checked.every(), synthesizeProcesses) + " process rows");
                return 0;
            }
            RecordLoop.run(source, recorder, checked.every(), count);
        }
        return 0;
    }
}
