package dev.bpftop.live;

import dev.bpftop.history.Replay;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The command line's way into the live view: opens the system terminal and reports errors in one line. */
public final class LiveCommand {
    private LiveCommand() {}

    /** {@code bpftop -d/-t/-u}: the default view; @param replay the recorded snapshot (--at), or null. @return the exit status */
    public static int top(Session session, Duration interval, boolean tree, String user, Replay replay, PrintStream err) {
        return withTerminal(err, t -> LiveView.runDefault(session, t, interval, tree, user, replay));
    }

    /** A WATCH statement, or {@code --watch INTERVAL -e SELECT}. @return the exit status */
    public static int watch(Session session, Statement.Watch watch, Replay replay, PrintStream err) {
        return withTerminal(err, t -> LiveView.run(session, t, watch, new Cancel(), replay));
    }

    private interface View {
        void run(Terminal terminal) throws SqlError;
    }

    private static int withTerminal(PrintStream err, View view) {
        if (System.console() == null || !System.console().isTerminal()) {
            err.println("bpftop: the live view needs a terminal (run it in one, or drop WATCH/--watch for plain output)");
            return 2;
        }
        // FFM (bin/bpftop enables native access), else stty. JLine loads every provider not turned
        // off, whichever it picks: the JNA one starts JNA, whose cleaner thread sets up
        // java.util.logging 30 s later (a burst of class loading and compiling mid-view), and the JNI
        // one unpacks a native library.
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("bpftop")
                .providers("ffm,exec").jni(false).jansi(false).jna(false).build()) {
            if (terminal.getType() == null || terminal.getType().startsWith("dumb")) {
                err.println("bpftop: the live view needs a terminal that supports cursor movement (TERM=" + terminal.getType() + ")");
                return 2;
            }
            view.run(terminal);
            return 0;
        } catch (SqlError e) {
            err.println(Sanitizer.forTerminal(e.oneLine()));
            return 1;
        } catch (IOException e) {
            err.println("bpftop: cannot open the terminal: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // The view has already given the terminal back (TerminalGuard); say what broke in one line.
            err.println("bpftop: live view stopped: " + e);
            return 1;
        }
    }
}
