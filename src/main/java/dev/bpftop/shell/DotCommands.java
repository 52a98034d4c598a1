package dev.bpftop.shell;

import dev.bpftop.render.Format;
import dev.bpftop.sql.Limits;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jline.reader.Candidate;

/** The sqlite3-style dot-commands: one row each (name, usage, help, argument choices, action). */
final class DotCommands {

    @FunctionalInterface
    interface Action {
        void run(String arg, Console console) throws IOException, SqlError;
    }

    record DotCommand(String name, String usage, String help, Supplier<List<String>> choices, Action action) {}

    private static final List<String> ON_OFF = List.of("on", "off");
    private static final List<String> FORMATS = Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();

    private final Catalog catalog;
    private final List<DotCommand> all;

    DotCommands(Catalog catalog) {
        this.catalog = catalog;
        Supplier<List<String>> relations = () -> catalog.relations().stream().map(Catalog.Name::name).toList();
        all = List.of(
                new DotCommand(".tables", ".tables", "List tables and views", List::of, (a, sh) -> sh.show("SHOW TABLES")),
                new DotCommand(".schema", ".schema [TABLE]", "Columns, types and descriptions of one table or all", relations, this::schema),
                new DotCommand(".mode", ".mode " + String.join("|", FORMATS), "Output format", () -> FORMATS, DotCommands::mode),
                new DotCommand(".headers", ".headers on|off", "Column names above results", () -> ON_OFF,
                        (a, sh) -> sh.settings().headers = onOff(a, ".headers", sh.settings().headers)),
                new DotCommand(".timer", ".timer on|off", "Show collection and query time after each result", () -> ON_OFF,
                        (a, sh) -> sh.settings().timer = onOff(a, ".timer", sh.settings().timer)),
                new DotCommand(".timeout", ".timeout DURATION|off", "Stop statements that run longer (500ms, 30s, 2m; starts as --timeout)",
                        () -> List.of("off", "10s", "30s", "1m"), DotCommands::timeout),
                new DotCommand(".backend", ".backend", "The collector in use (bpf or procfs) and what each enricher found", List::of,
                        (a, sh) -> sh.session().source().notes().forEach(sh::message)),
                new DotCommand(".read", ".read FILE", "Run statements and dot-commands from FILE", List::of, this::read),
                new DotCommand(".output", ".output FILE|stdout", "Send results to FILE, or back to the screen", () -> List.of("stdout"), DotCommands::output),
                new DotCommand(".help", ".help", "This list", List::of, (a, sh) -> sh.message(help())),
                new DotCommand(".quit", ".quit", "Leave (Ctrl-D does too)", List::of, (a, sh) -> sh.quit()),
                new DotCommand(".exit", ".exit", "Leave", List::of, (a, sh) -> sh.quit()));
    }

    /** Runs one dot-command line; a mistake prints one line and changes nothing. */
    void run(String line, Console console) {
        // A habitual `;` after a dot-command is forgiven.
        String[] parts = line.strip().replaceFirst("\\s*;$", "").split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        for (DotCommand c : all) {
            if (c.name().equals(parts[0].toLowerCase(Locale.ROOT))) {
                try {
                    c.action().run(arg, console);
                } catch (SqlError e) {
                    console.error(e.oneLine());
                } catch (IllegalArgumentException e) {
                    console.error(e.getMessage());
                } catch (NoSuchFileException e) {
                    console.error("no such file: " + e.getFile());
                } catch (IOException e) {
                    console.error(c.name() + ": " + e);
                }
                return;
            }
        }
        console.error("unknown command " + parts[0] + " (try .help)");
    }

    /** Command names at the start of the line, then the command's argument choices. */
    void complete(String before, List<Candidate> out) {
        if (before.isEmpty()) {
            for (DotCommand c : all) out.add(new Candidate(c.name(), c.name(), "commands", c.help(), null, null, true));
            return;
        }
        for (DotCommand c : all) {
            if (c.name().equals(before)) {
                for (String choice : c.choices().get()) out.add(new Candidate(choice, choice, null, null, null, null, true));
            }
        }
    }

    private String help() {
        StringBuilder sb = new StringBuilder();
        int w = all.stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        for (DotCommand c : all) sb.append(String.format("%-" + w + "s  %s%n", c.usage(), c.help()));
        sb.append("SQL statements end with ';' and may span lines. Tab completes; Ctrl-C cancels; Ctrl-D leaves.");
        return sb.toString();
    }

    private static boolean onOff(String arg, String command, boolean current) {
        return switch (arg.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            case "" -> throw new IllegalArgumentException(command + " is " + (current ? "on" : "off") + " (usage: " + command + " on|off)");
            default -> throw new IllegalArgumentException("usage: " + command + " on|off");
        };
    }

    private static void timeout(String arg, Console console) {
        Session session = console.session();
        if (arg.isEmpty()) {
            console.message("timeout " + Limits.describe(session.limits().timeout()));
            return;
        }
        try {
            session.limits(session.limits().withTimeout(Limits.duration(arg)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(".timeout: " + e.getMessage());
        }
    }

    private static void mode(String arg, Console console) {
        if (arg.isEmpty()) {
            console.message("mode " + console.settings().format.name().toLowerCase(Locale.ROOT));
            return;
        }
        console.settings().format = Format.parse(arg);
    }

    private void schema(String arg, Console console) throws IOException, SqlError {
        if (!arg.isEmpty()) {
            console.show("DESCRIBE " + arg);
            return;
        }
        List<String> names = new ArrayList<>();
        for (Catalog.Name r : catalog.relations()) names.add(r.name());
        for (String name : names) {
            console.message(name + ":");
            console.show("DESCRIBE " + name);
        }
    }

    private void read(String arg, Console console) throws IOException {
        if (arg.isEmpty()) throw new IllegalArgumentException("usage: .read FILE");
        Script.run(Files.readString(Path.of(arg), StandardCharsets.UTF_8), this, console);
    }

    private static void output(String arg, Console console) throws IOException {
        if (arg.isEmpty()) throw new IllegalArgumentException("usage: .output FILE|stdout");
        console.settings().output(arg.equals("stdout") ? null : Path.of(arg));
    }
}
