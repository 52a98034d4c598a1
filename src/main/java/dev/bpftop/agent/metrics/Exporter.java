package dev.bpftop.agent.metrics;

import dev.bpftop.agent.remote.Scrape;
import dev.bpftop.collect.Detail;
import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * /metrics: runs each configured query (planned once, at start) on one fresh snapshot per scrape and writes the
 * rows as samples with the Prometheus library's exposition writers (OpenMetrics when the scraper
 * asks for it, else Prometheus text). Each query yields at most its limit of series; the others,
 * and series whose labels repeat, are counted in bpftop_metrics_dropped_series_total.
 */
public final class Exporter implements Scrape, AutoCloseable {
    private final Session session;
    private final MetricsConfig config;
    private final Map<MetricsConfig.Entry, PreparedQuery> queries = new LinkedHashMap<>();
    private final Map<String, Long> dropped = new HashMap<>();
    private final Map<String, Long> failed = new HashMap<>();

    /** @throws IllegalArgumentException naming the entry whose query does not plan */
    public Exporter(Session session, MetricsConfig config) {
        this.session = session;
        this.config = config;
        for (MetricsConfig.Entry e : config.metrics()) {
            try {
                queries.put(e, session.prepare(e.query()));
            } catch (SqlError x) {
                throw new IllegalArgumentException("metric " + e.name() + ": " + x.oneLine());
            }
            dropped.put(e.name(), 0L);
            failed.put(e.name(), 0L);
        }
    }

    @Override
    public synchronized Exposition scrape(String accept) {
        List<MetricSnapshot> out = new ArrayList<>();
        // One snapshot for every query of the scrape, walking only what they read (every detail until
        // each has run once): no threads, command lines or namespaces for the default queries.
        Set<Detail> details = EnumSet.noneOf(Detail.class);
        for (PreparedQuery p : queries.values()) details.addAll(p.details());
        session.refresh(details);
        for (Map.Entry<MetricsConfig.Entry, PreparedQuery> q : queries.entrySet()) {
            MetricsConfig.Entry e = q.getKey();
            try {
                out.add(snapshot(e, q.getValue().runOnCurrent()));
            } catch (SqlError | RuntimeException x) {
                failed.merge(e.name(), 1L, Long::sum); // e.g. a label column whose name is no valid label name
            }
        }
        out.add(perMetric("bpftop_metrics_dropped_series", "Series a query yielded beyond its limit, or with repeated labels", dropped));
        out.add(perMetric("bpftop_metrics_query_errors", "Scrapes in which a metric's query failed", failed));
        return write(new MetricSnapshots(out), accept);
    }

    private MetricSnapshot snapshot(MetricsConfig.Entry e, QueryResult r) {
        int value = r.columns().indexOf("value");
        int limit = config.limitOf(e);
        Set<Labels> seen = new HashSet<>();
        List<double[]> values = new ArrayList<>();
        List<Labels> labels = new ArrayList<>();
        long over = 0;
        for (Object[] row : r.rows()) {
            if (value < 0 || !(row[value] instanceof Number n)) continue;
            Labels l = labels(r.columns(), row, value);
            if (seen.size() >= limit || !seen.add(l)) {
                over++;
                continue;
            }
            labels.add(l);
            values.add(new double[] {n.doubleValue()});
        }
        if (over > 0) dropped.merge(e.name(), over, Long::sum);
        if (e.type().equals("counter")) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(e.name()).help(e.help());
            for (int i = 0; i < labels.size(); i++) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)[0]).build());
            }
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(e.name()).help(e.help());
        for (int i = 0; i < labels.size(); i++) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)[0]).build());
        }
        return b.build();
    }

    private static Labels labels(List<String> columns, Object[] row, int value) {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < columns.size(); i++) {
            if (i != value && row[i] != null) b.label(columns.get(i), row[i].toString());
        }
        return b.build();
    }

    private static CounterSnapshot perMetric(String name, String help, Map<String, Long> counts) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        counts.forEach((metric, n) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("metric", metric)).value(n).build()));
        return b.build();
    }

    private static Exposition write(MetricSnapshots snapshots, String accept) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (accept != null && accept.contains("application/openmetrics-text")) {
                OpenMetricsTextFormatWriter w = OpenMetricsTextFormatWriter.create();
                w.write(body, snapshots);
                return new Exposition(w.getContentType(), body.toByteArray());
            }
            PrometheusTextFormatWriter w = PrometheusTextFormatWriter.create();
            w.write(body, snapshots);
            return new Exposition(w.getContentType(), body.toByteArray());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void close() throws Exception {
        for (PreparedQuery p : queries.values()) p.close();
        session.close();
    }
}
