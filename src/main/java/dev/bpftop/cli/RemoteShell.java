package dev.bpftop.cli;

import dev.bpftop.render.Format;
import dev.bpftop.render.RawTextWriter;
import dev.bpftop.render.Renderer;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.render.TableRenderer;
import dev.bpftop.render.TerminalSize;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.StatementSplitter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * `bpftop --connect URL`: statements run on a remote agent (its Avatica listener) through
 * Avatica's remote driver, shown with the same renderers as local results: -e statements and
 * piped input as a one-liner does, or a plain prompt on a terminal (Ctrl-D leaves). FREEZE/THAW
 * are refused by the agent over JDBC.
 */
final class RemoteShell {
    private final Connection connection;
    private final Format format;
    private final boolean header;
    private final boolean terminal;

    private RemoteShell(Connection connection, Format format, boolean header, boolean terminal) {
        this.connection = connection;
        this.format = format;
        this.header = header;
        this.terminal = terminal;
    }

    /** `http://host:port` or a whole `jdbc:avatica:remote:…` URL. */
    static String jdbcUrl(String url) {
        return url.startsWith("jdbc:") ? url : "jdbc:avatica:remote:url=" + url + ";serialization=JSON";
    }

    /** Avatica's Basic credentials carrying the agent's token; empty without a token file. */
    static Properties auth(Path tokenFile) throws IOException {
        Properties info = new Properties();
        if (tokenFile != null) {
            info.setProperty("authentication", "BASIC");
            info.setProperty("avatica_user", "bpftop");
            info.setProperty("avatica_password", Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        return info;
    }

    static int run(String url, Path tokenFile, ClientTls tls, Format format, boolean header, List<String> statements, String script) throws IOException {
        Properties info = auth(tokenFile);
        boolean https = jdbcUrl(url).contains("url=https:");
        Connection c;
        // Avatica's driver retries for ever a request whose connection closes unanswered (plain
        // HTTP to a TLS agent does that): the connection is given as long as a fleet's probe.
        var connecting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new org.apache.calcite.avatica.remote.Driver().connect(tls.url(jdbcUrl(url)), info);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            c = connecting.get(Fleet.PROBE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println(Sanitizer.forTerminal("bpftop: cannot connect to " + url + ": no answer within " + Fleet.PROBE_SECONDS
                    + " s" + (https ? "" : " (is the agent's listener https?)")));
            return 1;
        } catch (java.util.concurrent.ExecutionException e) { // Avatica's HTTP client throws a TLS failure unchecked
            System.err.println(Sanitizer.forTerminal("bpftop: cannot connect to " + url + ": " + why(e.getCause(), https)));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        try (c) {
            return on(c, url, format, header, statements, script);
        } catch (SQLException e) {
            System.err.println(Sanitizer.forTerminal("bpftop: " + firstLine(e)));
            return 1;
        }
    }

    /** Why a connection failed, in one line: for TLS, what to give; otherwise the driver's own first line. */
    static String why(Throwable e, boolean https) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException ssl) return tls(String.valueOf(ssl.getMessage()));
        }
        String m = e instanceof SQLException s ? firstLine(s) : firstLine(new SQLException(e.getMessage()));
        m = m.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        // TLS 1.3 checks the client's certificate after the client's side of the handshake is
        // done: a refused one shows as a connection closed under the request.
        if (https && (m.endsWith("Broken pipe") || m.endsWith("Connection reset"))) {
            return "TLS: the agent closed the connection (" + m + "): if it asks for client certificates, it takes one signed by its"
                    + " --tls-client-ca (--tls-cert, --tls-key)";
        }
        return m;
    }

    private static String tls(String m) {
        String alert = m.startsWith("(") && m.indexOf(')') > 0 ? m.substring(1, m.indexOf(')')) : "";
        if (m.contains("unable to find valid certification path")) return "TLS: the agent's certificate is not signed by a CA given with --tls-ca";
        if (alert.equals("certificate_required") || alert.equals("bad_certificate") || alert.equals("unknown_ca") || alert.equals("certificate_unknown")) {
            return "TLS: the agent refused this client (" + alert + "): it takes a certificate signed by its --tls-client-ca (--tls-cert, --tls-key)";
        }
        return "TLS: " + firstLine(new SQLException(m));
    }

    /** The statements (or a prompt) on an open connection: an agent's, or the fleet's. */
    static int on(Connection c, String name, Format format, boolean header, List<String> statements, String script) throws IOException {
        boolean tty = System.console() != null && System.console().isTerminal();
        {
            RemoteShell shell = new RemoteShell(c, format, header, tty);
            if (statements.isEmpty() && script == null) return shell.prompt(name);
            Writer out = new RawTextWriter(System.out);
            try {
                for (String s : statements) if (!shell.statement(s, out)) return 1;
                if (script != null) for (String s : StatementSplitter.split(script)) if (!shell.statement(s, out)) return 1;
            } finally {
                out.flush();
            }
            return 0;
        }
    }

    /** Runs one statement; false (after one line on stderr) when it failed. */
    private boolean statement(String sql, Writer out) throws IOException {
        long t0 = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            if (!s.execute(sql)) return true;
            try (ResultSet rs = s.getResultSet()) {
                QueryResult r = QueryResult.read(rs, 0, t0, 0);
                Renderer renderer = format == Format.TABLE ? new TableRenderer(terminal ? width() : Integer.MAX_VALUE) : format.renderer();
                renderer.render(r, out, header, terminal);
            }
            return true;
        } catch (SQLException e) {
            out.flush();
            System.err.println(Sanitizer.forTerminal("bpftop: " + firstLine(e)));
            return false;
        }
    }

    private static int width() {
        int w = TerminalSize.columns();
        return w > 0 ? w : Integer.MAX_VALUE;
    }

    /** Avatica wraps the agent's one line in its own; the agent's is the part worth showing. */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = m.indexOf("error at line");
        if (at < 0) at = m.lastIndexOf("SQLException: ") >= 0 ? m.lastIndexOf("SQLException: ") + 14 : 0;
        m = m.substring(at);
        int end = m.indexOf(" -> "); // Avatica's server joins the causes with arrows
        if (end >= 0) m = m.substring(0, end);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private int prompt(String url) throws IOException {
        try (Terminal t = TerminalBuilder.builder().system(true).name("bpftop").build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).build();
            Writer out = t.writer();
            StringBuilder pending = new StringBuilder();
            out.write("bpftop: connected to " + url + ". Statements end with ';'. Ctrl-D to leave.\n");
            while (true) {
                String line;
                try {
                    line = reader.readLine(pending.isEmpty() ? "bpftop@remote> " : "   ...> ");
                } catch (UserInterruptException e) {
                    pending.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                pending.append(line).append('\n');
                if (!line.strip().endsWith(";")) continue;
                for (String s : StatementSplitter.split(pending.toString())) statement(s, out);
                pending.setLength(0);
                out.flush();
            }
        }
    }
}
