package dev.bpftop.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import dev.bpftop.testing.Tmux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through a real pseudo-terminal (tmux): keys in, screen out. */
class ShellTerminalTest {
    private static final Path BPFTOP = Path.of("bin/bpftop").toAbsolutePath();
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @BeforeAll
    static void needsTmuxAndJar() {
        Require.that(Tmux.available(), "tmux");
        Require.that(Files.exists(Path.of("target/bpftop.jar")), "target/bpftop.jar (mvn package first)");
    }

    private Tmux shell(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("NO_COLOR", null);
        env.put("PAGER", null);
        env.putAll(extra);
        Tmux t = Tmux.start(env, BPFTOP.toString());
        awaitPrompt(t);
        return t;
    }

    private static String awaitPrompt(Tmux t) throws IOException {
        return t.await("a fresh prompt", s -> lastLine(s).equals("bpftop>"), LONG);
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.getLast().strip();
    }

    @Test
    void completesColumnsOfTheTableInFromAndValuesInStrings() throws Exception {
        Path exe = home.resolve("bpftopvalue9");
        Files.copy(Path.of("/bin/sleep"), exe);
        exe.toFile().setExecutable(true);
        try (Spawned sleeper = Spawned.start(exe.toString(), "300"); Tmux t = shell(Map.of())) {
            t.type("SELECT pid FROM processes WHERE us").keys("Tab");
            String listed = t.await("username");
            assertTrue(listed.contains("user_ns"), listed);
            assertFalse(listed.contains("hostname"), "columns of other tables are not offered:\n" + listed);
            t.type("ern").keys("Tab");
            // The completion ends with a space (capture-pane drops trailing blanks, so type on).
            t.type("=1");
            t.await("WHERE username =1");
            t.keys("C-u");
            t.type("SELECT pid FROM processes WHERE comm = 'bpftopv").keys("Tab");
            t.await("comm = 'bpftopvalue9'");
            t.type(";").keys("Enter");
            t.await("" + sleeper.pid());
        }
    }

    @Test
    void ctrlDAtTheContinuationPromptLeaves() throws Exception {
        try (Tmux t = shell(Map.of())) {
            t.type("SELECT 1").keys("Enter");
            t.await("continuation prompt", sc -> lastLine(sc).equals("...>"), LONG);
            t.keys("C-d");
            String screen = t.await(Tmux.EXITED + "0]");
            assertFalse(screen.contains("possibilities"), screen);
        }
    }

    @Test
    void historySurvivesARestart() throws Exception {
        try (Tmux t = shell(Map.of())) {
            t.type("SELECT 42 AS answer;").keys("Enter");
            t.await("answer");
            awaitPrompt(t);
            t.keys("C-d");
            t.await(Tmux.EXITED + "0]");
        }
        try (Tmux t = shell(Map.of())) {
            t.type("exit").keys("Enter");
            t.await(Tmux.EXITED + "0]");
        }
        Path history = home.resolve("state/bpftop/history");
        assertTrue(Files.readString(history, StandardCharsets.UTF_8).contains("SELECT 42 AS answer;"));
        try (Tmux t = shell(Map.of())) {
            t.keys("Up");
            t.await("bpftop> exit");
            t.keys("Up");
            t.await("bpftop> SELECT 42 AS answer;");
        }
    }

    @Test
    void errorShowsCaretUnderThePosition() throws Exception {
        try (Tmux t = shell(Map.of())) {
            t.type("SELECT pid, nosuch FROM processes;").keys("Enter");
            String s = t.await("error at line 1, column 13");
            List<String> lines = s.lines().toList();
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("error at")).findFirst().orElseThrow());
            String source = lines.get(at + 1);
            String caret = lines.get(at + 2);
            assertEquals(source.indexOf("nosuch"), caret.indexOf('^'), s);
            assertEquals("^", caret.strip(), s);
            // The shell goes on after an error; Enter before the `;` continues the statement, and
            // an error on its second line points into that line.
            awaitPrompt(t);
            t.type("SELECT pid").keys("Enter");
            t.await("   ...>");
            t.type("  FROM processes ORDER BY pid DESK;").keys("Enter");
            s = t.await("error at line 2, column 31");
            lines = s.lines().toList();
            at = lines.indexOf(lines.stream().filter(l -> l.startsWith("error at line 2")).findFirst().orElseThrow());
            assertEquals(lines.get(at + 1).indexOf("DESK"), lines.get(at + 2).indexOf('^'), s);
            awaitPrompt(t);
            t.type("SELECT 1 AS still_here;").keys("Enter");
            t.await("still_here");
        }
    }

    @Test
    void dotCommandsChangeModeHeadersOutputAndRead() throws Exception {
        Path out = home.resolve("out.csv");
        Path script = home.resolve("script.sql");
        Files.writeString(script, ".mode json\nSELECT 5 AS five\n  ;\n");
        try (Tmux t = shell(Map.of())) {
            t.type(".mode csv").keys("Enter");
            t.type("SELECT 1 AS a, 'x,y' AS b;").keys("Enter");
            t.await("a,b\n1,\"x,y\"");
            t.type(".headers off").keys("Enter");
            t.type("SELECT 2 AS a;").keys("Enter");
            t.await("\n2\n");
            t.type(".output " + out).keys("Enter");
            t.type("SELECT 3 AS a;").keys("Enter");
            awaitPrompt(t);
            t.type(".output stdout").keys("Enter");
            t.type(".read " + script).keys("Enter");
            t.await("[{\"five\":5}]");
            t.type(".backend").keys("Enter");
            t.await("the backend's name and the enrichers' notes",
                    s -> s.matches("(?s).*\\.backend\nbackend: (bpf|procfs)\n.*cgroups: .*gpu.*"), LONG);
            t.type(".tables").keys("Enter");
            t.await("processes");
            t.type(".schema system").keys("Enter");
            t.await("Online CPUs");
            t.type(".timer on").keys("Enter");
            t.type("SELECT 6 AS six;").keys("Enter");
            t.await("the timings", s -> s.matches("(?s).*\\nRun Time: collect \\d+\\.\\d ms, query \\d+\\.\\d ms\\n.*"), LONG);
            t.type(".help").keys("Enter");
            t.await(".output FILE|stdout");
            t.type(".nosuch").keys("Enter");
            t.await("unknown command .nosuch (try .help)");
            t.type(".mode xml").keys("Enter");
            t.await("unknown format 'xml'");
            t.type(".quit").keys("Enter");
            t.await(Tmux.EXITED + "0]");
        }
        assertEquals("3", Files.readString(out).strip());
    }

    @Test
    void ctrlCCancelsALongQueryAndTheShellGoesOn() throws Exception {
        try (Tmux t = shell(Map.of())) {
            // Even 50 threads to the fifth power is minutes of work; hundreds, hours.
            String join = "SELECT count(*) FROM threads a,threads b,threads c,threads d,threads e;";
            t.type(join);
            t.await("the whole statement typed", s -> lastLine(s).equals(Shell.PROMPT + join), LONG);
            // One Ctrl-C right after Enter cancels, whether it lands before the statement starts, while it
            // is planned (QueryWorkerTest makes those instants exact) or while it runs.
            t.keys("Enter");
            t.keys("C-c");
            t.await("canceled", s -> s.contains("\ncanceled") || s.contains("^Ccanceled"), LONG);
            awaitPrompt(t);
            t.type("SELECT 7 AS seven;").keys("Enter");
            t.await("seven");
            // Ctrl-C at the prompt drops the line, not the shell.
            awaitPrompt(t);
            t.type("SELECT half a line").keys("C-c");
            awaitPrompt(t);
            t.type("SELECT 8 AS eight;").keys("Enter");
            t.await("eight");
        }
    }

    @Test
    void tallResultsArePagedWideOnesCutAndKeywordsColored() throws Exception {
        try (Tmux t = shell(Map.of())) {
            t.type("SELECT tid, comm FROM threads;").keys("Enter");
            t.await("the less prompt", s -> lastLine(s).equals(":"), LONG);
            t.keys("q");
            awaitPrompt(t);
            // Wider than the 120 columns: cut with an ellipsis, never wrapped.
            t.type("SELECT 1 AS n, repeat('x', 300) AS wide;").keys("Enter");
            String wide = t.await("…");
            String row = wide.lines().filter(l -> l.startsWith("1  x")).findFirst().orElseThrow();
            assertEquals(120, row.length(), wide);
            assertTrue(row.endsWith("x…"), row);
            assertTrue(wide.contains(row + "\nbpftop>"), "no wrapped rest of the row:\n" + wide);
            t.type("SELECT 'str' AS x");
            t.await("SELECT 'str' AS x");
            String colored = t.screenWithEscapes();
            assertTrue(colored.contains("\u001b[1m\u001b[34mSELECT"), colored);
            assertTrue(colored.contains("\u001b[32m'str'"), colored);
        }
        try (Tmux t = shell(Map.of("NO_COLOR", "1"))) {
            t.type("SELECT 'str' AS x");
            t.await("SELECT 'str' AS x");
            assertFalse(t.screenWithEscapes().contains("\u001b["), t.screenWithEscapes());
        }
    }

    @Test
    void freezeAsksAtThePrompt() throws Exception {
        Require.root();
        Require.cgroupV2();
        try (ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-shell") + "/a.service");
             Spawned sleeper = Spawned.start("sleep", "300");
             Tmux t = shell(Map.of())) {
            cg.add(sleeper.pid());
            Path freeze = cg.dir().resolve("cgroup.freeze");
            t.type("FREEZE CGROUP '" + cg.path() + "';").keys("Enter");
            t.await("Freeze these? [y/N]");
            t.type("n").keys("Enter");
            t.await("not confirmed: nothing changed");
            assertEquals("0", Files.readString(freeze).strip());
            awaitPrompt(t);
            t.type("FREEZE CGROUP '" + cg.path() + "';").keys("Enter");
            t.await("the second question", s -> s.indexOf("Freeze these? [y/N]") != s.lastIndexOf("Freeze these? [y/N]"), LONG);
            t.type("y").keys("Enter");
            awaitPrompt(t);
            assertEquals("1", Files.readString(freeze).strip());
            t.type("THAW CGROUP '" + cg.path() + "';").keys("Enter");
            t.await("Thaw these? [y/N]");
            t.type("yes").keys("Enter");
            awaitPrompt(t);
            assertEquals("0", Files.readString(freeze).strip());
        }
    }

    @Test
    void pipedInputRunsWithoutPromptsOrColors() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
        env.put("NO_COLOR", null);
        try (Tmux t = Tmux.start(env, "printf 'SELECT 1 AS one;\\nSELECT 2 AS two;\\n' | " + BPFTOP)) {
            String s = t.await(Tmux.EXITED + "0]");
            assertTrue(s.contains("one") && s.contains("two"), s);
            assertFalse(s.contains("bpftop>"), s);
            assertFalse(t.screenWithEscapes().contains("\u001b["), t.screenWithEscapes());
        }
    }

    @Test
    void historyLivesUnderXdgStateHomeElseHome() {
        assertEquals(Path.of("/x/state/bpftop/history"), Shell.historyFile(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state/bpftop/history"), Shell.historyFile(Map.of("HOME", "/h")));
    }
}
