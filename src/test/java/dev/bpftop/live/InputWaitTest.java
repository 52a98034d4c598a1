package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The live view's sleep between ticks, over a real pipe standing in for the terminal. */
class InputWaitTest {
    @Test
    void endsOnInputOnAWakeAndWhenTheTimeIsUp() {
        try (Pipe keys = Pipe.open(); InputWait wait = InputWait.on(keys.readEnd())) {
            assertNotNull(wait);
            assertEquals(InputWait.End.TIME, wait.forInput(10), "nothing typed");
            keys.signal();
            assertEquals(InputWait.End.INPUT, wait.forInput(60_000), "a key");
            assertEquals(InputWait.End.INPUT, wait.forInput(60_000), "a key not read yet is still there");
            assertEquals(1, keys.drain());
            wait.wake();
            wait.wake();
            assertEquals(InputWait.End.WAKE, wait.forInput(60_000), "a signal's wake-up");
            assertEquals(InputWait.End.TIME, wait.forInput(10), "both wake-ups were taken at once");
        }
    }

    @Test
    void aWakeFromAnotherThreadEndsALongWait() throws Exception {
        try (Pipe keys = Pipe.open(); InputWait wait = InputWait.on(keys.readEnd())) {
            CompletableFuture<InputWait.End> waited = CompletableFuture.supplyAsync(() -> wait.forInput(Integer.MAX_VALUE));
            while (!waited.isDone()) {
                wait.wake(); // until the waiting thread has taken one: it may not be in poll yet
                Thread.sleep(10);
            }
            assertEquals(InputWait.End.WAKE, waited.get());
        }
    }

    @Test
    void inputAndAWakeTogetherIsInput() {
        try (Pipe keys = Pipe.open(); InputWait wait = InputWait.on(keys.readEnd())) {
            keys.signal();
            wait.wake();
            assertEquals(InputWait.End.INPUT, wait.forInput(60_000));
            keys.drain();
            assertEquals(InputWait.End.TIME, wait.forInput(10), "the wake-up went with it");
        }
    }

    @Test
    void aClosedDescriptorLeavesItToJLine() {
        int notOpen = 1 << 30; // above any open-file limit (a freshly closed one may come back as the wake-up pipe)
        try (InputWait wait = InputWait.on(notOpen)) {
            // poll reports POLLNVAL at once: the caller asks JLine, which reports what is wrong
            assertEquals(InputWait.End.INPUT, wait.forInput(60_000));
        }
    }
}
