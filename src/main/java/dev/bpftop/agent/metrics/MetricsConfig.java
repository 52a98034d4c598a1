package dev.bpftop.agent.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The /metrics series, each defined by a SQL query (the shipped default: agent/metrics.yaml). Read
 * with Jackson's YAML module: an unknown key, a missing field or a bad name is one line that names
 * the entry, and the agent does not start.
 *
 * @param limit   series per query unless an entry says otherwise
 * @param metrics the entries, in the order they are exposed
 */
public record MetricsConfig(Integer limit, List<Entry> metrics) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final int DEFAULT_LIMIT = 1000;

    /** @param type gauge or counter; @param limit this query's series limit, null for the file's */
    public record Entry(String name, String type, String help, String query, Integer limit) {}

    public static MetricsConfig shipped() throws IOException {
        try (InputStream in = MetricsConfig.class.getResourceAsStream("/agent/metrics.yaml")) {
            return checked(mapper().readValue(in, MetricsConfig.class), "agent/metrics.yaml");
        }
    }

    public static MetricsConfig read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return checked(mapper().readValue(in, MetricsConfig.class), file.toString());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory());
    }

    private static MetricsConfig checked(MetricsConfig c, String where) {
        if (c.metrics() == null || c.metrics().isEmpty()) throw new IllegalArgumentException(where + ": no metrics");
        for (Entry e : c.metrics()) {
            String what = where + ": metric " + e.name() + ": ";
            if (e.name() == null || !NAME.matcher(e.name()).matches()) throw new IllegalArgumentException(what + "not a valid metric name");
            if (e.name().endsWith("_total")) throw new IllegalArgumentException(what + "leave out _total: a counter gets it");
            if (!"gauge".equals(e.type()) && !"counter".equals(e.type())) throw new IllegalArgumentException(what + "type must be gauge or counter");
            if (e.query() == null || e.query().isBlank()) throw new IllegalArgumentException(what + "no query");
            if (e.limit() != null && e.limit() < 0) throw new IllegalArgumentException(what + "limit below 0");
        }
        return c;
    }

    int limitOf(Entry e) {
        return e.limit() != null ? e.limit() : limit != null ? limit : DEFAULT_LIMIT;
    }
}
