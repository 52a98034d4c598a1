package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import dev.bpftop.testing.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The live view in a real pty (tmux), driven by keys as a person would. */
class LiveViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The caller's NO_COLOR must not leak into the panes that expect colors. */
    private static final Map<String, String> CLEAN = new HashMap<>();

    static {
        CLEAN.put("NO_COLOR", null);
    }

    private static String await(Tmux pane, String what, Predicate<String> condition) throws IOException {
        return pane.await(what, condition, WAIT);
    }
    private static final Pattern TICK = Pattern.compile("tick (\\d+):");

    private static String marker() {
        return Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
    }

    /** The table rows under the column header, trimmed. */
    private static List<String> rows(String screen) {
        List<String> lines = screen.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("PID") && lines.get(i).contains("Command")) header = i;
        return lines.subList(header + 1, lines.size() - 1).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int tick(String screen) {
        Matcher m = TICK.matcher(screen);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void filter(Tmux pane, String text) throws Exception {
        pane.type("\\");
        pane.keys("C-u"); // the prompt starts with the current filter
        pane.type(text);
        pane.keys("Enter");
    }

    @Test
    void updatesSortsAndDrawsTheTree() throws Exception {
        String m = marker();
        try (Tmux pane = Tmux.start(CLEAN, "bin/bpftop -d 300", 160, 45)) {
            String first = pane.await("PID");
            int tick = tick(await(pane, "a tick", s -> tick(s) >= 1));
            await(pane, "the tick counter to move", s -> tick(s) > tick);
            assertTrue(first.contains("Mem[") && first.contains("load") && first.contains("backend"), first);

            // A process started while the view runs shows up on a later tick.
            filter(pane, m);
            try (Spawned parent = Spawned.shell("sleep 1" + m + " & sleep 2" + m + " & wait");
                 Spawned busy = Spawned.shell("while :; do :; done # cpu" + m);
                 Spawned big = Spawned.start("/usr/bin/python3", "-c", "import time; x = b'x' * (300 << 20); time.sleep(600)", m)) {
                await(pane, "the spawned processes", s -> s.contains("sleep 2" + m) && s.contains(big.pid() + " root") && s.contains("# cpu" + m));

                // P sorts by CPU: the busy loop first; M by memory: the big python first.
                pane.type("P");
                await(pane, "P to put the busy loop first", s -> rows(s).get(0).startsWith(busy.pid() + " ") && s.contains("CPU%▼"));
                pane.type("M");
                await(pane, "M to put the big process first", s -> rows(s).get(0).startsWith(big.pid() + " ") && s.contains("MEM%▼"));

                // t: the two sleeps hang under their shell.
                pane.type("t");
                String tree = await(pane, "the tree", s -> s.contains("├─ sleep") && s.contains("└─ sleep"));
                List<String> rows = rows(tree);
                int shell = -1;
                for (int i = 0; i < rows.size(); i++) if (rows.get(i).contains("sh -c sleep 1" + m)) shell = i;
                assertTrue(shell >= 0, tree);
                assertTrue(rows.get(shell + 1).matches(".*[├└]─ sleep [12]" + m + ".*"), tree);
                assertTrue(rows.get(shell + 2).matches(".*└─ sleep [12]" + m + ".*"), tree);
            }
            pane.type("q");
        }
    }

    @Test
    void freezeDialogShowsThePlanAndEnterFreezes() throws Exception {
        Require.root();
        Require.cgroupV2();
        String m = marker();
        try (ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-live") + "/job");
             Spawned alone = Spawned.start("sleep", "3" + m);
             Spawned four = Spawned.start("sleep", "4" + m);
             Spawned five = Spawned.start("sleep", "5" + m);
             ScratchCgroup other = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-live") + "/two");
             Tmux pane = Tmux.start(CLEAN, "bin/bpftop -d 300", 160, 45)) {
            cg.add(alone.pid());
            other.add(four.pid());
            other.add(five.pid());
            pane.await("PID");

            // Alone in its cgroup: f plans freezing that cgroup, listing the one pid; Enter does it.
            filter(pane, "3" + m);
            await(pane, "the sleep", s -> rows(s).size() == 1);
            pane.type("f");
            String dialog = pane.await("Freeze " + alone.pid());
            assertTrue(dialog.contains("1 process affected") && dialog.contains(cg.path() + ": freeze"), dialog);
            assertTrue(dialog.matches("(?s).*\\s" + alone.pid() + "\\s+sleep.*"), dialog);
            pane.keys("Enter");
            await(pane, "the freeze to land", s -> frozen(cg));
            pane.await("freeze: " + cg.path());
            // Frozen rows stand out (blue) once the selection is elsewhere.
            filter(pane, m);
            await(pane, "all three sleeps", s -> rows(s).size() == 3);
            pane.keys("End");
            await(pane, "the frozen row in blue", s -> {
                try {
                    return pane.screenWithEscapes().lines()
                            .anyMatch(l -> l.contains("sleep 3" + m) && l.contains("\u001b[34m") && !l.contains("\u001b[46m"));
                } catch (IOException e) {
                    return false;
                }
            });
            filter(pane, "3" + m);
            await(pane, "the frozen sleep alone", s -> rows(s).size() == 1);
            pane.type("U");
            await(pane, "the thaw", s -> !frozen(cg));

            // Sharing a cgroup: the plan moves just that pid into a helper cgroup; the other is not listed.
            List<Integer> two = List.of(four.pid(), five.pid());
            filter(pane, "4" + m);
            await(pane, "the shared sleep", s -> rows(s).size() == 1 && rows(s).get(0).startsWith(two.get(0) + " "));
            pane.type("f");
            String isolate = pane.await("Freeze " + two.get(0));
            assertTrue(isolate.contains("move into new cgroup, freeze") && isolate.contains("1 process affected"), isolate);
            assertFalse(isolate.contains(two.get(1) + "  sleep"), isolate);
            pane.keys("Escape");
            await(pane, "the dialog to close", s -> !s.contains("Enter: freeze"));
            assertFalse(frozen(other));
            pane.type("q");
        }
    }

    private static boolean frozen(ScratchCgroup cg) {
        try {
            return Files.readAllLines(cg.dir().resolve("cgroup.events")).contains("frozen 1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void narrowTerminalDropsColumnsAndQuitRestoresTheShell() throws Exception {
        try (Tmux pane = Tmux.start(Map.of("NO_COLOR", "1"), "bin/bpftop -d 300", 150, 30)) {
            String wide = pane.await("VIRT");
            assertTrue(wide.contains("SHR") && wide.contains("TIME+"), wide);
            assertTrue(pane.alternateScreen());
            assertFalse(pane.screenWithEscapes().matches("(?s).*\\e\\[[0-9;]*3[0-7]m.*"), "NO_COLOR: no foreground colors");
            pane.resize(60, 30);
            String narrow = await(pane, "columns to drop", s -> !s.contains("VIRT") && s.lines().anyMatch(l -> l.matches("\\s+PID .*CPU%.*Command")));
            assertTrue(narrow.contains("PID") && narrow.contains("CPU%"), narrow);
            for (String line : narrow.lines().toList()) assertTrue(line.length() <= 60, line);
            pane.type("q");
            String after = pane.await(Tmux.EXITED + "0]");
            assertFalse(after.contains("Command"), after);
            assertFalse(pane.alternateScreen());
        }
    }

    @Test
    void terminalIsRestoredWhenKilled() throws Exception {
        try (Tmux pane = Tmux.start(CLEAN, "bin/bpftop -d 300", 120, 30)) {
            pane.await("PID");
            assertTrue(pane.alternateScreen());
            // bin/bpftop execs java: the pane's shell has the JVM as its child.
            ProcessHandle java = ProcessHandle.of(pane.panePid()).orElseThrow().children().findFirst().orElseThrow();
            java.destroy(); // SIGTERM: the shutdown hook restores the terminal
            pane.await(Tmux.EXITED);
            assertFalse(pane.alternateScreen());
        }
    }

    @Test
    void signalDialogSendsTheSignalAndEditReplacesTheQuery() throws Exception {
        String m = marker();
        try (Spawned victim = Spawned.start("sleep", "6" + m);
             Tmux pane = Tmux.start(CLEAN, "bin/bpftop -d 300", 140, 40)) {
            pane.await("PID");
            filter(pane, "6" + m);
            await(pane, "the sleep", s -> rows(s).size() == 1 && rows(s).get(0).startsWith(victim.pid() + " "));
            pane.type("x");
            pane.await("Send signal to " + victim.pid());
            pane.keys("Down"); // 9 SIGKILL
            pane.keys("Enter");
            assertTrue(victim.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the process got the signal");
            assertEquals(137, victim.process().exitValue(), "killed by SIGKILL");
            pane.await("sent SIGKILL to " + victim.pid());

            // e: the query is edited in place; its own columns replace the default view's.
            pane.keys("Escape"); // clear the filter
            pane.type("e");
            pane.keys("C-u");
            pane.type("SELECT pid, comm AS name FROM processes WHERE pid = " + ProcessHandle.current().pid());
            pane.keys("Enter");
            String edited = await(pane, "the edited query", s -> s.contains("NAME") && !s.contains("VIRT"));
            assertTrue(edited.contains(ProcessHandle.current().pid() + " java"), edited);
            pane.type("q");
        }
    }

    @Test
    void watchFromTheShellReturnsToThePrompt() throws Exception {
        try (Spawned sleeper = Spawned.start("sleep", "601");
             Tmux pane = Tmux.start(CLEAN, "bin/bpftop", 120, 30)) {
            pane.await("bpftop>");
            pane.type("WATCH 500ms SELECT pid, comm FROM processes WHERE pid = " + sleeper.pid() + ";");
            pane.keys("Enter");
            await(pane, "the live view", s -> s.contains(sleeper.pid() + " sleep") && s.contains("tick"));
            assertTrue(pane.alternateScreen());
            pane.type("q");
            await(pane, "the prompt again", s -> !s.contains("tick") && s.strip().endsWith("bpftop>"));
            assertFalse(pane.alternateScreen());
            pane.type("SELECT 40 + 2 AS answer;");
            pane.keys("Enter");
            pane.await("42");
        }
    }

    @Test
    void watchStatementShowsItsOwnColumns() throws Exception {
        try (Spawned sleeper = Spawned.start("sleep", "600");
             Tmux pane = Tmux.start(CLEAN, "bin/bpftop -e \"WATCH 500ms SELECT pid, comm, threads AS nthreads FROM processes WHERE pid = "
                     + sleeper.pid() + "\"", 120, 30)) {
            String s = await(pane, "the one row", x -> x.contains("NTHREADS") && x.contains(sleeper.pid() + " sleep"));
            assertEquals(1, rows(s.replace("NTHREADS", "NTHREADS Command")).size(), s);
            pane.type("q");
            pane.await(Tmux.EXITED + "0]");
        }
    }
}
