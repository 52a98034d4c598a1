package dev.bpftop.bpf;

/** The few errno values whose meaning the collector tells the user. */
final class Errno {
    static final int EPERM = 1, EINTR = 4, EACCES = 13, EINVAL = 22, E2BIG = 7, ENOENT = 2, ENOTSUP = 95, ESRCH = 3;

    private Errno() {}

    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM): needs root or CAP_BPF+CAP_PERFMON";
            case EACCES -> "permission denied (EACCES): the verifier rejected the program";
            case EINVAL -> "invalid argument (EINVAL): the kernel lacks a feature the program uses";
            case E2BIG -> "argument list too long (E2BIG)";
            case ENOENT -> "no such file or directory (ENOENT)";
            case ESRCH -> "no such process (ESRCH): a kernel type or field the program needs is missing";
            case ENOTSUP -> "operation not supported (ENOTSUP)";
            default -> "errno " + errno;
        };
    }
}
