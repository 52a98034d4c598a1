package dev.bpftop.cli;

import dev.bpftop.agent.Agent;
import dev.bpftop.agent.tls.ServerTls;
import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.history.Recorder;
import dev.bpftop.sql.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `bpftop agent`: the long-running process one-liners ask first (see {@link Agent}); runs until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Keep the collector loaded and answer bpftop -e over a unix socket (read-only unless --allow-control).")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH", description = "Unix socket to listen on (default: /run/bpftop/agent.sock)")
    Path socket = Agent.Settings.DEFAULT_SOCKET;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--allow-control", description = "Let FREEZE/THAW act: for root, or for the owner of the target cgroup")
    boolean allowControl;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Also serve remote JDBC (Avatica) and /metrics here; beyond loopback only with --token-file, --tls-client-ca or both")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Remote clients must give the token in FILE (Bearer, or a Basic password)")
    Path tokenFile;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve --listen over TLS with this certificate (PEM; the chain, leaf first)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The key of --tls-cert (PEM, unencrypted PKCS#8: BEGIN PRIVATE KEY)")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Mutual TLS: clients must present a certificate signed by a CA in FILE (PEM), or the handshake fails")
    Path tlsClientCa;

    @Option(names = "--metrics", paramLabel = "FILE", description = "The /metrics series, as SQL (YAML; default: the shipped agent/metrics.yaml)")
    Path metrics;

    @Option(names = "--share", paramLabel = "DURATION", defaultValue = "0",
            description = "A request may also read a walk begun up to this long before it came (default: only one begun after;"
                    + " requests that arrive during a walk share the next one)")
    String share;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "1s",
            description = "A walk this often keeps cpu_pct's baseline fresh (0 for none; default: ${DEFAULT-VALUE})")
    String tick;

    @Option(names = "--record", description = "Also record a snapshot every --interval into --dir, as `bpftop record` does")
    boolean recording;

    @Mixin
    RecordOptions record = new RecordOptions();

    @Override
    public Integer call() throws IOException {
        Duration window, every;
        RecordOptions.Checked recordChecked = null;
        ServerTls tls;
        try {
            window = Limits.duration(share);
            every = Limits.duration(tick);
            if (recording) recordChecked = record.check();
            tls = ServerTls.load(tlsCert, tlsKey, tlsClientCa);
            if (tls != null && listen == null) throw new IllegalArgumentException("--tls-cert, --tls-key and --tls-client-ca are for --listen");
        } catch (IllegalArgumentException e) {
            System.err.println(dev.bpftop.render.Sanitizer.forTerminal("bpftop: agent: " + e.getMessage()));
            return 2;
        }
        OpenedBackend opened = OpenedBackend.open(backend);
        if (opened.collector() == null) return opened.failure();
        Collector collector = opened.collector();
        SnapshotSource source = new SnapshotSource(collector, Enrichers.defaults(), 200);
        Recorder recorder = null;
        if (recording) {
            try {
                recorder = record.open(recordChecked, "bpftop agent: record");
            } catch (IOException e) {
                System.err.println("bpftop: agent: cannot record in " + record.dir + ": " + e.getMessage());
                collector.close();
                return 1;
            }
        }
        Agent.Settings settings = new Agent.Settings(socket, allowControl, window, every, listen, tokenFile, tls, Limits.DEFAULT, metrics);
        try (source; Agent agent = new Agent(source, settings, new AgentRequests())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    agent.close();
                } catch (IOException e) {
                    // stopping anyway
                }
            }));
            agent.warmUp();
            int port = agent.listen();
            System.err.println("bpftop agent: listening on " + socket + (port >= 0 ? " and " + listen.replaceFirst(":\\d+$", "") + ":" + port
                    + (tls == null ? "" : tls.authenticatesClients() ? " (mutual TLS)" : " (TLS)") : "")
                    + " (backend " + collector.name() + (allowControl ? ", FREEZE/THAW allowed" : ", read-only") + ")");
            Thread recorderThread = recorder == null ? null : startRecording(collector, recorder, recordChecked.every());
            try {
                agent.serve();
            } finally {
                if (recorderThread != null) {
                    recorderThread.interrupt();
                    recorderThread.join(10_000);
                    recorder.close();
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("bpftop: agent: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The recorder walks the agent's collector through a source of its own, so its rates are each
     * over one recorded interval however often requests walk meanwhile (collectors take one walk at
     * a time). The agent's source owns the collector and closes it.
     */
    private static Thread startRecording(Collector collector, Recorder recorder, Duration every) {
        SnapshotSource own = new SnapshotSource(collector, Enrichers.defaults(), 0);
        return Thread.ofPlatform().name("bpftop-record").daemon().start(() -> {
            try {
                RecordLoop.run(own, recorder, every, 0);
            } catch (InterruptedException stopping) {
                // the agent is stopping
            } catch (RuntimeException e) {
                System.err.println(dev.bpftop.render.Sanitizer.forTerminal("bpftop agent: recording stopped: " + e.getMessage()));
            }
        });
    }
}
