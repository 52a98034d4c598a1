package dev.bpftop.history;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.CgroupEnricher;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real recording a test makes snapshot by snapshot, and a session that queries it. */
final class Recording implements AutoCloseable {
    final Path dir;
    final List<String> log = new ArrayList<>();
    private final SnapshotSource source = new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(new CgroupEnricher()), 0);
    final Recorder recorder;

    Recording(Path dir) throws Exception {
        this.dir = dir;
        recorder = new Recorder(dir, false, Duration.ZERO, 0, log::add);
        source.refresh(); // the baseline: every recorded cpu_pct is over one interval
    }

    /** Waits a short interval, records one snapshot and returns its ts. */
    long snapshot() throws Exception {
        Thread.sleep(300);
        Snapshot s = source.refresh();
        recorder.append(s);
        return Recorder.localMillis(s.takenAt().toEpochMilli());
    }

    /** A session whose history.* reads this recording. */
    Session session(List<String> skipped) {
        Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
        History.register(s, dir, skipped::add);
        return s;
    }

    static List<Object[]> rows(Session s, String sql) throws Exception {
        QueryResult r = s.execute(sql);
        return r.rows();
    }

    /** A TIMESTAMP literal for a local wall-clock millis value. */
    static String at(long localMillis) {
        return "TIMESTAMP '" + AtTime.text(localMillis) + "." + String.format("%03d", Math.floorMod(localMillis, 1000)) + "'";
    }

    @Override
    public void close() throws Exception {
        recorder.close();
        source.close();
    }
}
