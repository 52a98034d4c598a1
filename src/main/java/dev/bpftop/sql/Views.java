package dev.bpftop.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The views shipped as SQL in src/main/sql/ (packed under /sql in the jar): the file name is the
 * view's name, the file holds one SELECT, and its first comment line is the description.
 */
public final class Views {
    private Views() {}

    /** name → SQL text, sorted by name. */
    public static Map<String, String> shipped() {
        Map<String, String> views = new TreeMap<>();
        try {
            // An index written at build time: listing the shaded jar's 18,000 entries costs a one-liner ~25 ms.
            for (String file : resource("index").lines().map(String::strip).filter(f -> f.endsWith(".sql")).toList()) {
                views.put(file.substring(0, file.length() - ".sql".length()), resource(file));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped views: " + e.getMessage(), e);
        }
        return views;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Views.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) throw new IOException("/sql/" + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The SQL without comment lines and the trailing semicolon, as a view definition needs it. */
    public static String body(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) sb.append(line).append('\n');
        }
        return sb.toString().strip().replaceFirst(";\\s*$", "");
    }

    /**
     * The view's SQL with every identifier quoted as written in lower case. Calcite expands views
     * through an internal connection with default (upper-casing) lexical rules, so the text must not
     * depend on our session's case-insensitive settings.
     */
    static String canonical(String sql) {
        SqlParser.Config config = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(SqlConformanceEnum.BABEL)
                .withQuoting(Quoting.DOUBLE_QUOTE)
                .withUnquotedCasing(Casing.TO_LOWER)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false);
        try {
            SqlNode node = SqlParser.create(sql, config).parseQuery();
            return node.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT).withQuoteAllIdentifiers(true)).getSql();
        } catch (SqlParseException e) {
            throw new IllegalStateException("shipped view does not parse: " + e.getMessage(), e);
        }
    }

    /** The first comment line, used as the view's description. */
    public static String description(String text) {
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("--")) return s.substring(2).strip();
            if (!s.isEmpty()) break;
        }
        return "";
    }
}
