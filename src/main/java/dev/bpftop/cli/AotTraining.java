package dev.bpftop.cli;

import dev.bpftop.sql.compiled.CompiledCode;
import dev.bpftop.sql.kept.KeptPlans;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run for the Java AOT cache (JEP 514/515), started by bin/package with
 * -XX:AOTCacheOutput. The cache holds the classes, linkage and method profiles this run touches
 * (and {@link CompiledCode} the classes Calcite generated in it),
 * so it runs what one-liners typically do: each output format, DESCRIBE, a join, a view, an error.
 * Output is discarded; only the JVM's record of the run matters.
 */
public final class AotTraining {
    private AotTraining() {}

    private static final List<List<String>> RUNS = List.of(
            List.of("--sample", "0", "-e", "SELECT count(*) FROM processes"),
            List.of("-e", "SELECT pid, username, cpu_pct, mem_pct, comm FROM top LIMIT 10"),
            List.of("--format", "csv", "-e", "SELECT pid, ppid, state, rss, cmdline FROM processes WHERE rss > 0"),
            List.of("--format", "tsv", "--sample", "0", "-e", "SELECT tid, pid, comm FROM threads LIMIT 5"),
            List.of("--format", "json", "--sample", "0", "-e", "SELECT * FROM system"),
            List.of("--format", "jsonl", "--sample", "0", "-e", "SELECT * FROM users"),
            List.of("--format", "line", "--sample", "0", "-e", "SELECT pid, comm, start_time FROM processes LIMIT 3"),
            List.of("--sample", "0", "-e", "DESCRIBE processes", "-e", "SHOW TABLES"),
            List.of("--sample", "0", "-e", """
                    SELECT p.pid, p.comm, count(t.tid) AS n FROM processes p JOIN threads t ON t.pid = p.pid
                    GROUP BY p.pid, p.comm HAVING count(t.tid) > 0 ORDER BY n DESC LIMIT 5"""),
            List.of("--sample", "0", "-e", "SELECT nosuchcolumn FROM processes"),
            // Not a plain one-liner: parsed with the subcommands' models (Main.WithSubcommands), as the live view, shell and agent are.
            List.of("--version"));

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(sink);
        System.setErr(sink);
        // Each one-liner twice, as a user's repeated one-liner runs: planned and kept, then from the
        // kept plan (KeptPlans), in a store of the training's own.
        Path plans = Files.createTempDirectory("bpftop-training");
        System.setProperty(KeptPlans.DIR_PROPERTY, plans.resolve("plans").toString());
        System.setProperty(KeptPlans.STAMP_PROPERTY, "training");
        try {
            for (int pass = 0; pass < 2; pass++) {
                for (List<String> run : RUNS) Main.runStandalone(run.toArray(String[]::new));
            }
            CompiledCode.save();
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (var files = Files.walk(plans)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
