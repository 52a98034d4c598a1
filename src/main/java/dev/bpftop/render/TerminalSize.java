package dev.bpftop.render;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The width of the terminal on standard output, by one ioctl(TIOCGWINSZ) — cheap enough for a
 * one-liner, where starting a full terminal library would cost more than the query.
 */
public final class TerminalSize {
    private static final int TIOCGWINSZ = 0x5413;

    private TerminalSize() {}

    /** Columns of the terminal on fd 1, or 0 when it is not a terminal or the size is unknown. */
    public static int columns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d{1,5}")) return Integer.parseInt(env);
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MethodHandle ioctl = linker.downcallHandle(linker.defaultLookup().find("ioctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.firstVariadicArg(2));
            MemorySegment ws = arena.allocate(8);
            int rc = (int) ioctl.invokeExact(1, (long) TIOCGWINSZ, ws);
            return rc == 0 ? Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2)) : 0;
        } catch (Throwable t) {
            return 0;
        }
    }
}
