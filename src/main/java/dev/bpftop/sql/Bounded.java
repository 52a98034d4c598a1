package dev.bpftop.sql;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one statement's work on a thread of its own, so that whatever it throws, however long it
 * takes, the caller gets a result or one {@link SqlError}.
 *
 * <ul>
 *   <li>The thread has a large stack: Calcite's parser, validator, planner and Janino recurse once
 *       per nesting level, so 5,000-term sums and 500 nested CASEs need far more than the JVM's
 *       default 8 MiB; a statement deeper still fails with one line, never a trace.
 *   <li>A fresh thread per statement: a statement that does not heed its cancel (Janino compiling
 *       a giant expression) cannot hold up the next one.
 *   <li>The timeout asks Calcite to cancel, interrupts the thread, and reports at once.
 * </ul>
 */
final class Bounded {
    /** Reserved address space, committed only as deep as a statement really goes. */
    static final long STACK_BYTES = 256L << 20;
    /** How long a stopped statement gets to unwind before the caller moves on without it. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    @FunctionalInterface
    interface Work<T> {
        T run() throws SqlError;
    }

    private Bounded() {}

    static <T> T run(Work<T> work, Cancel cancel, Duration timeout) throws SqlError {
        FutureTask<T> task = new FutureTask<>(work::run);
        Thread thread = new Thread(null, task, "bpftop-statement", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            return timeout.isZero() ? task.get() : task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop(task, thread, cancel);
            throw new SqlError("statement stopped after the timeout of " + Limits.describe(timeout)
                    + " (--timeout, .timeout)", 0, 0);
        } catch (InterruptedException e) {
            // The caller was interrupted (Ctrl-C in the shell): the statement goes with it.
            stop(task, thread, cancel);
            Thread.currentThread().interrupt();
            throw new SqlError("canceled", 0, 0);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static void stop(FutureTask<?> task, Thread thread, Cancel cancel) {
        cancel.request();
        thread.interrupt();
        try {
            task.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // Stopped, failed as it stopped, or still unwinding: it is abandoned either way.
        }
    }

    /** What the statement's thread threw, as one line (a stack overflow and running out of memory included). */
    static SqlError failure(Throwable t) { return SqlError.from(t); }
}
