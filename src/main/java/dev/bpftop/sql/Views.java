package dev.bpftop.sql;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
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
        URL dir = Views.class.getResource("/sql");
        if (dir == null) return views;
        try {
            if (dir.openConnection() instanceof JarURLConnection jar) {
                fromJar(jar.getJarFile(), views);
            } else {
                fromDirectory(Path.of(dir.toURI()), views);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the shipped views: " + e.getMessage(), e);
        }
        return views;
    }

    /**
     * Lists the jar's entries through the JarFile the URL cache shares with the class loader, whose
     * index is already read; a zip FileSystem would index all of the shaded jar's 18,000 entries again
     * and cost a one-liner some 40 ms.
     */
    private static void fromJar(JarFile jar, Map<String, String> into) throws IOException {
        for (JarEntry e : jar.stream().filter(e -> e.getName().startsWith("sql/") && e.getName().endsWith(".sql")).toList()) {
            try (InputStream in = jar.getInputStream(e)) {
                into.put(viewName(e.getName()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static void fromDirectory(Path dir, Map<String, String> into) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                into.put(viewName(f.getFileName().toString()), Files.readString(f));
            }
        }
    }

    private static String viewName(String file) {
        return file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.sql$", "");
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
