package dev.bpftop.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;

/** The signal dialog's choices and kill(2) through JNA (ProcessHandle can only send TERM and KILL). */
final class Signals {
    record Sig(int number, String name) {
        String label() { return String.format("%2d %s", number, name); }
    }

    /** htop's list, the usual ones; TERM first so Enter does the polite thing. */
    static final List<Sig> ALL = List.of(new Sig(15, "SIGTERM"), new Sig(9, "SIGKILL"), new Sig(1, "SIGHUP"),
            new Sig(2, "SIGINT"), new Sig(3, "SIGQUIT"), new Sig(10, "SIGUSR1"), new Sig(12, "SIGUSR2"),
            new Sig(19, "SIGSTOP"), new Sig(18, "SIGCONT"), new Sig(20, "SIGTSTP"));

    private interface LibC extends Library {
        int kill(int pid, int sig);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private Signals() {}

    /** @return null when sent, else why not (one line). */
    static String send(int pid, Sig sig) {
        if (pid <= 1) return "refusing to signal pid " + pid;
        if (Holder.LIBC.kill(pid, sig.number()) == 0) return null;
        int errno = Native.getLastError();
        return "kill " + pid + " " + sig.name() + ": " + (errno == 1 ? "not permitted" : errno == 3 ? "no such process" : "errno " + errno);
    }
}
