package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A passwd file of the test's own, edited the ways people and tools edit /etc/passwd. */
class PasswdTest {
    @TempDir
    Path dir;

    private static final String ROOT = "root:x:0:0:root:/root:/bin/sh\n";

    @Test
    void namesFollowTheFileAndAreNotReadAgainWhileItIsUnchanged() throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, ROOT + "alice:x:4242:4242::/home/alice:/bin/sh\n");
        Passwd passwd = new Passwd(file);
        UserNames first = passwd.names();
        assertEquals("alice", first.of(4242));
        assertEquals("4343", first.of(4343), "an unknown uid shows as its number");
        assertSame(first, passwd.names(), "unchanged: not read again");

        // An editor appending in place: the size changes.
        Files.writeString(file, "bob:x:4343:4343::/home/bob:/bin/sh\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals("bob", passwd.names().of(4343));
        assertEquals("alice", passwd.names().of(4242));
    }

    @Test
    void aReplacedFileIsSeenThoughSizeAndTimeAreTheSame() throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, ROOT + "alice:x:4242:4242::/home/alice:/bin/sh\n");
        FileTime time = Files.getLastModifiedTime(file);
        Passwd passwd = new Passwd(file);
        assertEquals("alice", passwd.names().of(4242));
        // useradd and vipw write a new file and rename it over the old one: a new inode.
        Path next = dir.resolve("passwd+");
        Files.writeString(next, ROOT + "carol:x:4242:4242::/home/carol:/bin/sh\n");
        Files.setLastModifiedTime(next, time);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(time, Files.getLastModifiedTime(file));
        assertEquals("carol", passwd.names().of(4242));
    }

    @Test
    void aRewriteInPlaceOfTheSameSizeIsSeenByItsTime() throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, ROOT + "alice:x:4242:4242::/home/alice:/bin/sh\n");
        FileTime time = Files.getLastModifiedTime(file);
        Passwd passwd = new Passwd(file);
        assertEquals("alice", passwd.names().of(4242));
        Files.writeString(file, ROOT + "carol:x:4242:4242::/home/carol:/bin/sh\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 1000));
        assertEquals("carol", passwd.names().of(4242));
    }

    @Test
    void withoutAFileEveryUidIsANumberUntilOneAppears() throws Exception {
        Path file = dir.resolve("passwd");
        Passwd passwd = new Passwd(file);
        assertEquals("0", passwd.names().of(0));
        Files.writeString(file, ROOT);
        assertEquals("root", passwd.names().of(0));
        Files.delete(file);
        assertEquals("0", passwd.names().of(0));
    }
}
