package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.OpenFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviousFilesTest {
    private static OpenFile file(int pid, int fd) { return new OpenFile(pid, fd, 0100644, 0, 0, pid * 100L + fd, 8, 1, "/f", null); }

    private static List<OpenFile> rows() {
        List<OpenFile> rows = new ArrayList<>();
        for (int pid : new int[] {1, 5, 9}) for (int fd = 0; fd < 4; fd++) rows.add(file(pid, fd));
        return List.copyOf(rows);
    }

    @Test
    void findsEachEarlierRowInOrderOrOutOfIt() {
        List<OpenFile> rows = rows();
        PreviousFiles previous = new PreviousFiles();
        previous.keep(rows);
        previous.start();
        assertSame(rows.get(0), previous.find(1, 0));
        assertNull(previous.find(1, 9), "a descriptor the collection before did not have");
        assertNull(previous.find(3, 0), "a process it did not have");
        assertSame(rows.get(5), previous.find(5, 1));
        assertSame(rows.get(11), previous.find(9, 3));
        assertSame(rows.get(2), previous.find(1, 2), "out of order: a rewalked process");
        assertSame(rows.get(3), previous.find(1, 3));
        assertNull(previous.find(10, 0));
    }

    @Test
    void aCollectionWithoutAnEarlierOneFindsNothing() {
        PreviousFiles previous = new PreviousFiles();
        previous.start();
        assertNull(previous.find(1, 0));
        List<OpenFile> rows = rows();
        previous.keep(rows);
        previous.start();
        assertSame(rows.get(4), previous.find(5, 0), "the first look-up of a collection may start anywhere (one process's walk)");
    }
}
