package dev.bpftop.sql.kept;

import static dev.bpftop.collect.UserOnlyFiles.ownedAlone;

import dev.bpftop.collect.UserOnlyFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Query plans kept across processes, one file per SQL text: a one-liner run again (from a script,
 * cron, a shell loop) skips parsing, validating and optimising, most of what its statement costs a
 * cold JVM. Each file holds code that a root process loads, so the directory and every file in it
 * must belong to this process's user and be writable by no one else; anything else is ignored,
 * as is a file from another build ({@code stamp}: the jar and JVM the AOT cache was made with).
 * A file that cannot be read is planned afresh and written again. At most {@link #MAX_FILES} are
 * kept, the least recently used going first.
 */
public final class KeptPlans {
    /** Where bin/bpftop keeps them for a one-liner, and the build they belong to. */
    public static final String DIR_PROPERTY = "bpftop.plans", STAMP_PROPERTY = "bpftop.plans.stamp";
    static final int MAX_FILES = 256;
    private static final String MAGIC = "bpftop kept plan 2";
    private static final ThreadLocal<Use> CURRENT = new ThreadLocal<>();

    private final Path dir;
    private final String stamp;
    private final int uid;
    private volatile String lastOutcome = "no statement planned";

    private KeptPlans(Path dir, String stamp, int uid) {
        this.dir = dir;
        this.stamp = stamp;
        this.uid = uid;
    }

    /** The store bin/bpftop named, or null when it named none or the directory is not safe to load code from. */
    public static KeptPlans fromSystemProperties() {
        String dir = System.getProperty(DIR_PROPERTY), stamp = System.getProperty(STAMP_PROPERTY);
        if (dir == null || dir.isEmpty() || stamp == null) return null;
        return open(Path.of(dir), stamp);
    }

    /** The store in {@code dir} (made, owner-only, if missing); null if it is not this user's alone. */
    public static KeptPlans open(Path dir, String stamp) {
        try {
            int uid = UserOnlyFiles.uid();
            UserOnlyFiles.makeDirectory(dir);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !ownedAlone(dir, uid)) return null;
            return new KeptPlans(dir, stamp, uid);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What happened to the last statement: kept from an earlier run, kept now, or why not (for --verbose). */
    public String lastOutcome() { return lastOutcome; }

    /**
     * Lets the next statement this thread prepares come from, or go to, this store; {@link Use#hit}
     * then says which. Calcite's preparation consults it through {@link KeepingPrepare}.
     */
    public Use use() {
        Use use = new Use(this);
        CURRENT.set(use);
        return use;
    }

    static Use current() { return CURRENT.get(); }

    /** One statement's preparation on one thread. */
    public static final class Use implements AutoCloseable {
        private final KeptPlans store;
        private boolean asked;
        private KeptPlan hit, made;

        private Use(KeptPlans store) { this.store = store; }

        /** The first preparation on this thread since {@link #use}: true once, for that statement. */
        boolean first() {
            boolean was = asked;
            asked = true;
            return !was;
        }

        KeptPlans store() { return store; }

        void hit(KeptPlan plan) {
            hit = plan;
            store.lastOutcome = "plan: kept from an earlier run" + (plan.direct() ? ", its tables scanned directly" : "");
        }

        void made(KeptPlan plan) { made = plan; }

        /** What the plan read, as kept with it; null when the statement was planned here. */
        public List<String> hit() { return hit == null ? null : hit.reads(); }

        /** Keeps the statement just planned, with what its plan reads; nothing when it cannot be kept. */
        public void keep(List<String> reads) {
            if (made == null) return;
            try {
                store.write(made.withReads(reads));
                store.lastOutcome = "plan: kept for the next run" + (made.direct() ? ", its tables scanned directly" : "");
            } catch (IOException | RuntimeException e) {
                refuse(e.getMessage());
            }
        }

        /** Keeps nothing of the statement just planned, and says why (for --verbose). */
        public void refuse(String why) {
            made = null;
            store.lastOutcome = "plan: not kept (" + why + ")";
        }

        @Override
        public void close() {
            if (CURRENT.get() == this) CURRENT.remove();
        }
    }

    /**
     * The file for {@code sql}: named by a 64-bit FNV-1a hash of the build and the text. Two texts
     * of one name only take turns (each file holds its text, compared on reading); a cryptographic
     * hash would cost a one-liner the JDK's security providers, ~15 ms of a cold start.
     */
    private Path file(String sql) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (stamp + '\0' + sql).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return dir.resolve(HexFormat.of().toHexDigits(h) + ".plan");
    }

    /** The plan kept for {@code sql} by this build; null if none, or it is not safe or not whole. */
    KeptPlan read(String sql) {
        Path f = file(sql);
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || !ownedAlone(f, uid)) return null;
            try (InputStream is = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(is));
                if (!MAGIC.equals(in.readUTF()) || !stamp.equals(in.readUTF())) return null;
                KeptPlan plan = KeptPlan.read(in);
                if (!plan.sql().equals(sql) || in.read() != -1) return null;
                touch(f);
                return plan;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Least recently used first out: reading a plan marks it used. */
    private static void touch(Path f) {
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // it only goes out sooner
        }
    }

    void write(KeptPlan plan) throws IOException {
        Path f = file(plan.sql());
        Path tmp = Files.createTempFile(dir, ".plan", ".tmp", PosixFilePermissions.asFileAttribute(Set.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
                out.writeUTF(MAGIC);
                out.writeUTF(stamp);
                plan.write(out);
                out.flush();
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        evict();
    }

    private void evict() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.plan")) {
            s.forEach(files::add);
        }
        if (files.size() <= MAX_FILES) return;
        files.sort((a, b) -> Long.compare(modified(a), modified(b)));
        for (Path p : files.subList(0, files.size() - MAX_FILES)) Files.deleteIfExists(p);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
