package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.agent.AgentProcess.Run;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /metrics with a real Prometheus server (Debian's `prometheus`) scraping the agent on loopback,
 * read back through Prometheus's HTTP query API; a unit whose name holds a quote, a backslash,
 * braces and a line break stays valid exposition (promtool agrees) and comes back intact.
 */
class MetricsTest {
    /** systemd's escaping in a cgroup name: \x0a is a line break in the unit's name. */
    private static final String HOSTILE_DIR = "ev\"il\\x0a{x=\"1\"}\\\\.service";
    private static final String HOSTILE_UNIT = "ev\"il\n{x=\"1\"}\\\\.service";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheusScrapesTheAgentAndReadsAShippedSeriesBack() throws Exception {
        Require.root();
        Require.cgroupV2();
        Require.that(Files.isExecutable(Path.of("/usr/bin/prometheus")), "Debian's prometheus (bin/build installs it)");
        try (ScratchCgroup unit = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-metrics") + "/" + HOSTILE_DIR);
             Spawned sleeper = Spawned.start("sleep", "1000");
             AgentProcess agent = AgentProcess.start("--listen", "127.0.0.1:0")) {
            unit.add(sleeper.pid());
            int port = RemoteTest.port(agent);
            String exposition = get("http://127.0.0.1:" + port + "/metrics");
            assertTrue(exposition.contains("# TYPE bpftop_unit_processes gauge"), exposition);
            assertTrue(exposition.contains("bpftop_metrics_dropped_series_total{metric=\"bpftop_unit_processes\"} 0"), exposition);
            assertTrue(!exposition.contains("pid="), "no series per pid");
            Path file = agent.dir.resolve("metrics.txt");
            Files.writeString(file, exposition);
            Run lint = AgentProcess.run(List.of("sh", "-c", "promtool check metrics < " + file), Map.of());
            assertEquals(0, lint.exit(), "promtool finds the exposition valid: " + lint.text() + lint.err());

            int web;
            try (ServerSocket s = new ServerSocket(0)) {
                web = s.getLocalPort();
            }
            Path config = agent.dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: bpftop
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(port));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + agent.dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + web).redirectErrorStream(true).redirectOutput(agent.dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + web + "/api/v1/query?query=";
                JsonNode series = await(api + URLEncoder.encode("bpftop_unit_processes", StandardCharsets.UTF_8), HOSTILE_UNIT);
                assertEquals("1", series.get("value").get(1).asText(), "the one sleeper in the hostile unit");
                JsonNode up = await(api + URLEncoder.encode("up{job=\"bpftop\"}", StandardCharsets.UTF_8), null);
                assertEquals("1", up.get("value").get(1).asText(), "the scrape succeeded");
            } finally {
                prometheus.destroy();
                prometheus.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The first series of the query's result whose unit label is {@code unit} (any, when null), once Prometheus has one. */
    static JsonNode await(String url, String unit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = get(url);
                for (JsonNode r : new ObjectMapper().readTree(last).path("data").path("result")) {
                    if (unit == null || unit.equals(r.path("metric").path("unit").asText(null))) return r;
                }
            } catch (java.io.IOException e) {
                last = e.toString(); // not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no such series from " + url + ": " + last);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
