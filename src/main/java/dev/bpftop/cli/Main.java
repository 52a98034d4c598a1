package dev.bpftop.cli;

import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.freeze.Confirmation;
import dev.bpftop.freeze.PlanRunner;
import dev.bpftop.live.LiveCommand;
import dev.bpftop.live.LiveView;
import dev.bpftop.render.Format;
import dev.bpftop.render.RawTextWriter;
import dev.bpftop.shell.Shell;
import dev.bpftop.shell.StatementRunner;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.Statement;
import dev.bpftop.sql.StatementSplitter;
import dev.bpftop.sql.compiled.CompiledCode;
import dev.bpftop.sql.kept.KeptPlans;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The `bpftop` command line. Exit codes: 0 success, 1 query error, 2 usage error. Its subcommands
 * are in {@link WithSubcommands}, which every command line but a plain one-liner parses with.
 */
@Command(name = "bpftop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SQL over live Linux processes.",
        footer = {"", "Examples:", "  bpftop -e \"SELECT pid, comm, cpu_pct FROM top LIMIT 5\"",
                "  bpftop -f examples/zombies.sql --format json"})
public class Main implements Callable<Integer> {

    /**
     * bpftop with its subcommands: what --help, the completion script and the man page describe.
     * picocli builds every subcommand's model with its parent's, ~30 ms of a cold start's CPU, so
     * a plain one-liner or script ({@link #plain}) parses with Main alone.
     */
    @Command(name = "bpftop", subcommands = {BenchCommand.class, AgentCommand.class, RecordCommand.class})
    public static final class WithSubcommands extends Main {}

    private static final List<String> SUBCOMMANDS = List.of("agent", "bench", "record");

    static {
        // picocli looks for Groovy's Closure class when it first builds a command; the miss made the
        // class loader open the 43 MB jar and read its 23,000-entry directory on the main thread
        // (~20 ms there, -Xlog:class+init). The backend's thread opens it anyway. On two cores the
        // one-liner's wall time did not move (bench/README.md, Start-up, stop 31).
        System.setProperty("picocli.disable.closures", "true");
    }

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statement to run (repeatable)")
    List<String> statements = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the statements in FILE")
    Path file;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, csv, tsv, json, jsonl or line (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--no-header", description = "Omit column names")
    boolean noHeader;

    @Option(names = "--sample", paramLabel = "MS", defaultValue = "200",
            description = "Baseline interval for cpu_pct in a one-shot query, 0 to 10000 milliseconds (default: ${DEFAULT-VALUE}; 0 skips it)")
    String sample;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Stop a statement that runs longer (500ms, 30s, 2m, 1h at most 1 day; 0 for none; default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--max-memory", paramLabel = "SIZE", defaultValue = "auto",
            description = "Stop a statement whose rows take more (estimated; 500k, 256m, 1g; auto: half the heap; 0 for none; default: ${DEFAULT-VALUE})")
    String maxMemory;

    @Option(names = "--watch", paramLabel = "INTERVAL",
            description = "Live view re-running the -e query every INTERVAL (100ms to 1 day: 500ms, 2s, 1m)")
    String watch;

    @Option(names = "-d", paramLabel = "MS", description = "Live view (processes, like htop) refreshing every MS milliseconds (100 to 86400000)")
    String delay;

    @Option(names = "-t", description = "Live view as a process tree")
    boolean tree;

    @Option(names = "-u", paramLabel = "USER", description = "Live view of USER's processes only")
    String user;
    @Option(names = "--yes", description = "Let FREEZE/THAW act without asking (after printing the plan)")
    boolean yes;

    @Option(names = "--dry-run", description = "FREEZE/THAW print their plan and change nothing")
    boolean dryRun;

    @Option(names = "--dir", paramLabel = "DIR", description = "The recording history.* and --at read (default: /var/lib/bpftop/history)")
    Path historyDir = dev.bpftop.history.History.DEFAULT_DIR;

    @Option(names = "--at", paramLabel = "TIME", description = "Run against the snapshot recorded last at or before TIME ('2026-12-01 03:12', or -10m, -2h, -1d)")
    String at;

    @Option(names = "--verbose", description = "Afterwards, print the backend and what each enricher found to stderr")
    boolean verbose;

    @Option(names = "--no-agent", description = "Run here even when an agent answers (bin/bpftop asks a running agent first for -e)")
    boolean noAgent;

    @Option(names = "--connect", paramLabel = "URL",
            description = "Run the statements, or a prompt, on a remote bpftop agent (its --listen address: http://HOST:PORT, https:// with TLS, or a jdbc:avatica:remote: URL)")
    String connect;

    @Option(names = "--hosts", paramLabel = "HOST:PORT,…",
            description = "Run the statements on several agents at once: fleet.processes, fleet.system… union them with a host column")
    String hosts;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --connect or --hosts: the agents' token")
    Path tokenFile;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "With --connect or --hosts: the client certificate for agents with mutual TLS (PEM)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The key of --tls-cert (PEM, unencrypted PKCS#8)")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "With --connect or --hosts: trust agents' certificates signed by a CA in FILE (PEM)")
    Path tlsCa;

    /** This process's streams, or an agent client's (see {@link AgentRequests}). */
    private Io io = Io.standalone();

    Io io() { return io; }

    /** The options above, checked and read, before anything starts. */
    private Options.Checked checked;

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code;
        try {
            code = runStandalone(args);
        } catch (OutOfMemoryError e) {
            code = outOfMemory();
        }
        System.exit(code);
    }

    /** bin/bpftop caps the heap for a monitor; a query over a far larger system can need more. */
    private static int outOfMemory() {
        System.err.println("bpftop: out of memory: the Java heap is capped (bin/bpftop sizes it for this host);"
                + " raise it, e.g. BPFTOP_MAX_HEAP=512m");
        return 1;
    }

    /** Another thread's OutOfMemoryError ends the program with the same one line, not a stack trace. */
    private static void uncaught(Thread thread, Throwable e) {
        if (e instanceof OutOfMemoryError) System.exit(outOfMemory());
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace();
    }

    public static int run(String... args) { return run(plain(args) ? new Main() : new WithSubcommands(), args); }

    /** Statements (-e, -f) and no word that could name a subcommand or ask for help, which list the subcommands. */
    static boolean plain(String... args) {
        for (String a : args) {
            if (SUBCOMMANDS.contains(a) || a.equals("-h") || a.equals("--help")) return false;
        }
        return EarlyBackend.statements(args);
    }

    /** As {@link #run}, with the backend opened while the command line is read (see {@link EarlyBackend}): the process's own command. */
    static int runStandalone(String... args) {
        EarlyBackend.start(args);
        try {
            return run(args);
        } finally {
            EarlyBackend.discard();
        }
    }

    /** Runs {@code args} for an agent's client on {@code cl} (see {@link CommandLines}): its streams and terminal, the agent's session. */
    static int run(CommandLine cl, Io io, String... args) {
        Main main = cl.getCommand();
        main.io = io;
        main.checked = null;
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(io.err(), true));
        return cl.execute(args);
    }

    private static int run(Main main, String... args) {
        return commandLine(main).execute(args);
    }

    static CommandLine commandLine(Main main) {
        CommandLine cl = new CommandLine(main);
        cl.setExitCodeExceptionMapper(e -> 2);
        // Whatever escapes a front end is still one line, never a trace.
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(dev.bpftop.render.Sanitizer.forTerminal("bpftop: " + dev.bpftop.sql.SqlError.from(ex).getMessage()));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("bpftop: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'bpftop --help' for more information.");
            return 2;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Format fmt;
        try {
            fmt = Format.parse(format);
            checked = Options.check(sample, timeout, maxMemory, delay, watch, user);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (io.agent()) return AgentRequests.oneLiner(this, fmt);
        if (connect != null || hosts != null) {
            String script;
            try {
                script = file != null ? Options.readScript(file) : null;
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            if (statements.isEmpty() && script == null && (System.console() == null || !System.console().isTerminal())) {
                script = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> fleet;
            ClientTls tls;
            try {
                fleet = hosts == null ? null : Fleet.parse(hosts);
                if (connect != null && connect.startsWith("http:") && (tlsCert != null || tlsKey != null || tlsCa != null)) {
                    throw new IllegalArgumentException("--tls-cert, --tls-key and --tls-ca are for an https:// agent, not --connect " + connect);
                }
                tls = ClientTls.open(tlsCert, tlsKey, tlsCa);
            } catch (IllegalArgumentException e) {
                return usage(dev.bpftop.render.Sanitizer.forTerminal(e.getMessage()));
            }
            try (tls) {
                if (connect != null) return RemoteShell.run(connect, tokenFile, tls, fmt, !noHeader, statements, script);
                try (java.sql.Connection c = Fleet.connect(fleet, tls, RemoteShell.auth(tokenFile))) {
                    return RemoteShell.on(c, "the fleet", fmt, !noHeader, statements, script);
                } catch (java.sql.SQLException e) {
                    System.err.println("bpftop: " + e.getMessage());
                    return 1;
                }
            }
        }
        Long delayMillis = checked.delayMillis() < 0 ? null : checked.delayMillis();
        List<String> todo = new ArrayList<>();
        for (String s : statements) todo.addAll(StatementSplitter.split(s));
        // A script (-f, or piped input) may hold dot-commands too, as in sqlite3.
        String script = null;
        if (file != null) {
            try {
                script = Options.readScript(file);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        boolean top = delayMillis != null || tree || user != null;
        if (watch != null || top) {
            if (script != null) todo.addAll(StatementSplitter.split(script));
            if (watch != null && todo.size() != 1) return usage("--watch needs exactly one -e SELECT statement");
            if (top && todo.size() > 1) return usage("the live view runs one query at a time");
        }
        // No statements and a person at the keyboard: the interactive shell.
        boolean repl = statements.isEmpty() && file == null && !top && System.console() != null && System.console().isTerminal();
        if (statements.isEmpty() && file == null && !repl && !top) {
            script = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        OpenedBackend opened = EarlyBackend.claim(backend);
        if (opened.collector() == null) return opened.failure();
        Collector collector = opened.collector();
        try (Session session = new Session(new SnapshotSource(collector, dev.bpftop.enrich.Enrichers.defaults(), checked.sampleMillis()))) {
            Integer refused = history(session);
            if (refused != null) return refused;
            // A one-liner's plans outlive it (bin/bpftop names where); --at plans against a recording.
            if (at == null) session.keepPlans(KeptPlans.fromSystemProperties());
            if (repl) {
                session.limits(checked.limits());
                return Shell.run(session, fmt, !noHeader, asking -> plans(session, asking), (w, terminal, cancel) -> LiveView.run(session, terminal, w, cancel, replay));
            }
            if (watch != null || top) {
                session.limits(checked.limits());
                return live(session, todo);
            }
            return runStatements(session, fmt, todo, script);
        }
    }

    /** -e statements, then a script: the one-liner, standalone or for an agent's client. */
    int runStatements(Session session, Format fmt, List<String> todo, String script) throws IOException {
        session.limits(checked.limits());
        Writer out = new RawTextWriter(io.out());
        try (StatementRunner runner = new StatementRunner(session, out, io.err(), fmt, !noHeader, io.terminal(),
                plans(session, Confirmation.refuse(io.err())), w -> LiveCommand.watch(session, w, replay, io.err()))) {
            if (io.terminal()) runner.width(io.columns());
            for (String s : todo) runner.run(s);
            if (script != null) runner.script(script);
            return runner.status();
        } finally {
            out.flush();
            if (verbose) {
                session.source().notes().forEach(io.err()::println);
                String plan = session.keptPlanOutcome();
                if (plan != null) io.err().println(plan);
                io.err().println(CompiledCode.summary());
            }
        }
    }

    /** FREEZE/THAW's runner; the shell brings the one thing it changes: they ask at the prompt. */
    private PlanRunner plans(Session session, Confirmation asking) {
        return new PlanRunner(yes ? Confirmation.assumeYes(io.err()) : asking, dryRun, session.source()::cgroupsMoved).authority(io.authority());
    }

    /** -d/-t/-u open the default view, or watch the one -e query; --watch needs that query. */
    private int live(Session session, List<String> todo) {
        Duration interval;
        try {
            interval = watch != null ? Grammar.interval(watch)
                    : delay != null ? Duration.ofMillis(checked.delayMillis()) : Statement.Watch.DEFAULT_INTERVAL;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (!todo.isEmpty()) return LiveCommand.watch(session, new Statement.Watch(interval, todo.get(0)), replay, System.err);
        return LiveCommand.top(session, interval, tree, user, replay, System.err);
    }

    /** The recorded snapshot --at shows, which the live view steps through; null when live. */
    private dev.bpftop.history.Replay replay;

    /** history.* over --dir, and with --at the live tables replaced by the recorded snapshot; an exit status when that fails. */
    private Integer history(Session session) {
        java.util.function.Consumer<String> log = line -> io.err().println(dev.bpftop.render.Sanitizer.forTerminal("bpftop: " + line));
        dev.bpftop.history.History.register(session, historyDir, log);
        if (at == null) return null;
        long when;
        try {
            when = dev.bpftop.history.AtTime.parse(at, dev.bpftop.history.AtTime.nowLocal());
        } catch (IllegalArgumentException e) {
            return usage("--at: " + e.getMessage());
        }
        try {
            replay = dev.bpftop.history.History.replay(session, historyDir, when, log);
            if (verbose) io.err().println("bpftop: --at: the snapshot recorded at " + replay.text());
            return null;
        } catch (IllegalArgumentException e) {
            log.accept(e.getMessage());
            return 1;
        }
    }

    private int usage(String message) {
        io.err().println("bpftop: " + message);
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bpftop " + (v != null ? v : "dev")};
        }
    }
}
