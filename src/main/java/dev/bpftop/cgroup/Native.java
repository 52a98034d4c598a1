package dev.bpftop.cgroup;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The few system calls FREEZE needs that Java does not offer: pidfds (pidfd_open,
 * pidfd_send_signal through syscall(2): glibc wraps them only since 2.36) and file descriptors on
 * cgroup directories (open, openat, write, close). Each returns -errno on failure.
 */
final class Native {
    static final int SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    static final int ENOENT = 2, ESRCH = 3, EACCES = 13, ENODEV = 19, EPERM = 1, EBUSY = 16, EINVAL = 22;

    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL3, OPEN, OPENAT, WRITE, CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SYSCALL3 = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), ERRNO,
                Linker.Option.firstVariadicArg(1));
        OPEN = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
        OPENAT = linker.downcallHandle(linker.defaultLookup().find("openat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(3));
        WRITE = linker.downcallHandle(linker.defaultLookup().find("write").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
        CLOSE = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private Native() {}

    /** pidfd_open(pid, 0): a descriptor on this very process, whatever later takes its pid. */
    static int pidfdOpen(long pid) { return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0); }

    /** pidfd_send_signal(fd, 0, NULL, 0): 0 while the process lives, -ESRCH once it exited. */
    static int pidfdAlive(int pidfd) { return (int) syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, 0, 0, 0); }

    static int openDirectory(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            int fd = (int) OPEN.invokeExact(state, a.allocateFrom(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            return fd >= 0 ? fd : -errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes {@code value} to {@code name} in the directory {@code dirfd}: 0, or -errno of whichever call failed. */
    static int writeAt(int dirfd, String name, String value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            int fd = (int) OPENAT.invokeExact(state, dirfd, a.allocateFrom(name), O_WRONLY | O_CLOEXEC);
            if (fd < 0) return -errno(state);
            try {
                byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
                MemorySegment buf = a.allocate(bytes.length);
                buf.copyFrom(MemorySegment.ofArray(bytes));
                long n = (long) WRITE.invokeExact(state, fd, buf, (long) bytes.length);
                return n >= 0 ? 0 : -errno(state);
            } finally {
                close(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static long syscall(long nr, long a, long b, long c, long d) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            long r = (long) SYSCALL3.invokeExact(state, nr, a, b, c, d);
            return r >= 0 ? r : -errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment state) { return (int) ERRNO_VALUE.get(state, 0L); }

    /** For the errors a cgroupfs write can give that {@link CgroupFd} does not explain itself. */
    static String describe(int errno) {
        return switch (errno) {
            case EBUSY -> "Device or resource busy";
            case EINVAL -> "Invalid argument";
            default -> "errno " + errno;
        };
    }

    /** Closes the descriptors of plans that were dropped (PidFd, CgroupFd). */
    static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
}
