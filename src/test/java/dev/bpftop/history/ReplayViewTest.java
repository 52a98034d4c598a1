package dev.bpftop.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Spawned;
import dev.bpftop.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view over a recording (--at), in a real pty, stepped with its keys: a real recording of
 * real processes the test changes between snapshots (one execs, one starts, one is killed), all
 * gone before the view opens, so only the recording can show them.
 */
class ReplayViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> CLEAN = new HashMap<>();

    static {
        CLEAN.put("NO_COLOR", null);
    }

    @TempDir
    Path dir;

    @Test
    void keysStepToTheNeighbouringSnapshotsAndTheHeaderShowsTheirTime() throws Exception {
        String m = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
        Path go = dir.resolve("go");
        Path recording = dir.resolve("rec");
        long first, second, third;
        int changer, late;
        try (Spawned a = Spawned.shell("while [ ! -e " + go + " ]; do sleep 0.05; done; exec sleep 7" + m);
             Recording rec = new Recording(recording)) {
            changer = a.pid();
            // A second apart at least, so that each snapshot's time differs in the header's seconds.
            first = apart(rec, 0); // the shell, before its exec
            Files.createFile(go);
            a.awaitStatus("Name:", "sleep");
            try (Spawned b = Spawned.start("sleep", "8" + m)) {
                late = b.pid();
                second = apart(rec, first); // the exec'd sleep and the new one
                a.process().destroyForcibly().waitFor();
                third = apart(rec, second); // the new one alone
            }
            assertEquals(List.of(), rec.log);
        }

        String command = "bin/bpftop --backend procfs --dir " + recording + " --at '" + exact(second) + "' -d 1000";
        try (Tmux pane = Tmux.start(CLEAN, command, 160, 40)) {
            pane.await("PID");
            filter(pane, m);
            // The filter follows each keystroke: wait for the prompt to close (the footer names the filter).
            String shown = await(pane, "the second snapshot", s -> recorded(s, second) && pids(s).size() == 2 && s.contains("filter " + m));
            assertEquals(List.of(changer, late), pids(shown).stream().sorted().toList(), shown);
            assertTrue(shown.contains("sleep 7" + m) && shown.contains("sleep 8" + m), shown);
            assertTrue(shown.contains("REPLAY (not live)"), shown);
            assertTrue(shown.lines().anyMatch(l -> l.contains("Earlier") && l.contains("Later") && !l.contains("Freeze")), shown);

            // ← : the snapshot before, the shell not yet exec'd and the later sleep not yet there.
            pane.keys("Left");
            shown = await(pane, "the first snapshot", s -> recorded(s, first));
            assertEquals(List.of(changer), pids(shown), shown);
            assertTrue(row(shown, changer).contains("sh -c while"), shown);
            // Before the first: it stays, with one line.
            pane.type("[");
            shown = pane.await("no earlier snapshot");
            assertTrue(recorded(shown, first) && pids(shown).equals(List.of(changer)), shown);

            // ] and → : forward again, one interval each.
            pane.type("]");
            shown = await(pane, "the second snapshot again", s -> recorded(s, second) && pids(s).size() == 2);
            assertTrue(row(shown, changer).contains("sleep 7" + m), shown);
            pane.keys("Right");
            shown = await(pane, "the third snapshot", s -> recorded(s, third));
            assertEquals(List.of(late), pids(shown), shown);
            pane.keys("Right");
            shown = pane.await("no later snapshot");
            assertTrue(recorded(shown, third), shown);

            // The processes are not live: freeze, thaw and signals are refused, in one line, with no dialog.
            for (String key : List.of("f", "u", "U")) {
                pane.type("["); // a step clears the last message
                await(pane, "a step back", s -> recorded(s, second) && !s.contains("live processes only"));
                pane.type(key);
                shown = pane.await("FREEZE and THAW act on live processes only");
                assertFalse(shown.contains("Enter:"), shown);
                pane.type("]");
                await(pane, "a step on", s -> recorded(s, third) && !s.contains("live processes only"));
            }
            pane.type("x");
            shown = pane.await("signals act on live processes only");
            assertFalse(shown.contains("Send signal"), shown);
            pane.type("q");
            pane.await(Tmux.EXITED + "0]");
        }
    }

    /** Records one snapshot in a later second than {@code after} (0: at once); returns its ts. */
    private static long apart(Recording rec, long after) throws Exception {
        long wait = (Math.floorDiv(after, 1000) + 1) * 1000 - AtTime.nowLocal();
        if (after != 0 && wait > 0) Thread.sleep(wait);
        long ts = rec.snapshot();
        assertTrue(ts / 1000 > after / 1000, AtTime.text(ts) + " after " + AtTime.text(after));
        return ts;
    }

    private static String await(Tmux pane, String what, Predicate<String> condition) throws Exception {
        return pane.await(what, condition, WAIT);
    }

    /** The header names this snapshot's recorded time (to the second), and the rows under it are its own. */
    private static boolean recorded(String screen, long ts) {
        return screen.lines().anyMatch(l -> l.startsWith("REPLAY (not live): recorded " + AtTime.text(ts) + " "));
    }

    private static void filter(Tmux pane, String text) throws Exception {
        pane.type("\\");
        pane.keys("C-u");
        pane.type(text);
        pane.keys("Enter");
    }

    /** The table rows under the column header, trimmed. */
    private static List<String> rows(String screen) {
        List<String> lines = screen.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("PID") && lines.get(i).contains("Command")) header = i;
        if (header < 0) return List.of();
        return lines.subList(header + 1, lines.size() - 1).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> pids(String screen) {
        return rows(screen).stream().map(r -> Integer.parseInt(r.split("\\s+")[0])).sorted().toList();
    }

    private static String row(String screen, int pid) {
        return rows(screen).stream().filter(r -> r.startsWith(pid + " ")).findFirst().orElse("");
    }

    /** An --at time with milliseconds ('2026-12-05 03:12:30.123'). */
    private static String exact(long localMillis) {
        return AtTime.text(localMillis) + String.format(".%03d", Math.floorMod(localMillis, 1000L));
    }
}
