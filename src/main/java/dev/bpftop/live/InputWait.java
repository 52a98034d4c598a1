package dev.bpftop.live;

import dev.bpftop.collect.CWords;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.PosixSysTerminal;

/**
 * Sleeps until a key arrives on the terminal, a signal asks the view to look again (a resize, a
 * Ctrl-C), or the next tick is due: one poll(2) over the terminal and a wake-up pipe. JLine's own
 * timed read re-arms a 100 ms VTIME read until its timeout, so an idle view woke ten times a second
 * for nothing; at 1,000 processes those wake-ups were a tenth of the live view's CPU.
 *
 * <p>Only the waiting is done here: once poll says the terminal has input, JLine reads it as
 * before. Keys that JLine already holds (pushed back, or the second half of a surrogate pair) are
 * not visible to poll, so after each key the caller asks JLine itself once more.
 */
final class InputWait implements AutoCloseable {
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4, STDIN = 0;
    private static final MethodHandle POLL = CWords.libc("poll", true);

    private final Pipe wake;
    private final MemorySegment fds, state;

    private InputWait(int input, Pipe wake) {
        this.wake = wake;
        Arena arena = Arena.ofAuto();
        state = arena.allocate(CWords.CALL_STATE);
        // struct pollfd { int fd; short events; short revents; } for the terminal, then the pipe.
        fds = arena.allocate(16, 4);
        fds.set(ValueLayout.JAVA_INT, 0, input);
        fds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        fds.set(ValueLayout.JAVA_INT, 8, wake.readEnd());
        fds.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
    }

    /**
     * A wait on the terminal's input, or null where that is not a descriptor of this process that
     * poll can watch (a terminal over streams, JLine's exec provider) or no pipe is to be had: then
     * the caller waits in JLine.
     */
    static InputWait on(Terminal terminal) {
        // JLine's FFM system terminal reads standard input itself.
        boolean stdin = terminal instanceof PosixSysTerminal t && "ffm".equals(t.getPty().getProvider().name());
        return stdin ? on(STDIN) : null;
    }

    /** A wait on {@code fd}, or null when no pipe is to be had. */
    static InputWait on(int fd) {
        Pipe wake = Pipe.open();
        return wake == null ? null : new InputWait(fd, wake);
    }

    /** What ended a wait. */
    enum End { INPUT, WAKE, TIME }

    /**
     * Waits up to {@code timeoutMs} for input or {@link #wake}. Where the terminal reports an error
     * or a hang-up, or poll itself fails, that is {@link End#INPUT} too: JLine's read is what tells.
     */
    End forInput(long timeoutMs) {
        fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
        int n;
        try {
            n = (int) CWords.call(POLL, state, fds.address(), 2L, Math.clamp(timeoutMs, 0L, Integer.MAX_VALUE));
        } catch (Throwable e) {
            return End.INPUT;
        }
        if (n < 0) return CWords.errno(state) == EINTR ? End.WAKE : End.INPUT;
        if (n == 0) return End.TIME;
        boolean woken = fds.get(ValueLayout.JAVA_SHORT, 14) != 0;
        if (woken) wake.drain();
        return fds.get(ValueLayout.JAVA_SHORT, 6) != 0 ? End.INPUT : woken ? End.WAKE : End.TIME;
    }

    /** Ends a wait now, from any thread (a signal handler). */
    void wake() { wake.signal(); }

    @Override
    public void close() { wake.close(); }
}
