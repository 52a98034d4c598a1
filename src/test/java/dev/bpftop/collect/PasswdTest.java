package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A passwd file of the test's own, edited the ways people and tools edit /etc/passwd. */
class PasswdTest {
    private static final String ROOT = "root:x:0:0:root:/root:/bin/sh\n";

    @TempDir
    Path dir;
    private Path file;
    private FileTime written;
    private Passwd passwd;

    /** Each test starts from a file naming uid 4242 alice, read once. */
    @BeforeEach
    void aliceIs4242() throws IOException {
        file = naming4242(dir.resolve("passwd"), "alice");
        written = Files.getLastModifiedTime(file);
        passwd = new Passwd(file);
        assertEquals("alice", passwd.names().of(4242));
    }

    /** "alice" and "carol" give files of the same size. */
    private static Path naming4242(Path file, String name) throws IOException {
        return Files.writeString(file, ROOT + name + ":x:4242:4242::/home/" + name + ":/bin/sh\n");
    }

    @Test
    void namesFollowTheFileAndAreNotReadAgainWhileItIsUnchanged() throws Exception {
        UserNames first = passwd.names();
        assertEquals("4343", first.of(4343), "an unknown uid shows as its number");
        assertSame(first, passwd.names(), "unchanged: not read again");
        // An editor appending in place: the size changes.
        Files.writeString(file, "bob:x:4343:4343::/home/bob:/bin/sh\n", StandardOpenOption.APPEND);
        assertEquals("bob", passwd.names().of(4343));
        assertEquals("alice", passwd.names().of(4242));
    }

    @Test
    void aReplacedFileIsSeenThoughSizeAndTimeAreTheSame() throws Exception {
        // useradd and vipw write a new file and rename it over the old one: a new inode.
        Path next = naming4242(dir.resolve("passwd+"), "carol");
        Files.setLastModifiedTime(next, written);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(written, Files.getLastModifiedTime(file));
        assertEquals("carol", passwd.names().of(4242));
    }

    @Test
    void aRewriteInPlaceOfTheSameSizeIsSeenByItsTime() throws Exception {
        naming4242(file, "carol");
        Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() + 1000));
        assertEquals("carol", passwd.names().of(4242));
    }

    @Test
    void withoutAFileEveryUidIsANumberUntilOneAppears() throws Exception {
        Path absent = dir.resolve("absent");
        Passwd none = new Passwd(absent);
        assertEquals("0", none.names().of(0));
        Files.writeString(absent, ROOT);
        assertEquals("root", none.names().of(0));
        Files.delete(absent);
        assertEquals("0", none.names().of(0));
    }
}
