package dev.bpftop.sql.compiled;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bytecode that Calcite generated and Janino compiled in the build's training run, keyed by the
 * generated source. Calcite writes and compiles Java at run time (a metadata handler class per
 * metadata kind, one class per query plan); on a cold JVM that compiler is the largest single cost of
 * a one-liner, and its output depends only on the source text, so a stored copy is as good as new.
 *
 * <p>{@code -Dbpftop.compiled=FILE} reads a store (bin/bpftop passes it only when the store was made
 * from this very jar, like the AOT cache); {@code -Dbpftop.compiled.record=FILE} makes one from what
 * the run compiles ({@link #save()}). Anything missing or unreadable just means compiling again.
 */
public final class CompiledCode {
    private static final String MAGIC = "bpftop compiled code 1";

    private static volatile Map<String, Map<String, byte[]>> stored;
    private static final Map<String, Map<String, byte[]>> RECORDED = new ConcurrentHashMap<>();
    private static final AtomicInteger HITS = new AtomicInteger(), MISSES = new AtomicInteger();

    private CompiledCode() {}

    /** The key of a compilation: the source and the settings that change its output. */
    static String key(String source, String settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(settings.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classes compiled from this key in the training run, or null. */
    static Map<String, byte[]> lookup(String key) {
        Map<String, Map<String, byte[]>> s = stored;
        if (s == null) stored = s = load(System.getProperty("bpftop.compiled"));
        Map<String, byte[]> classes = s.get(key);
        (classes != null ? HITS : MISSES).incrementAndGet();
        return classes;
    }

    /** The bytecode of the generated classes that {@code loader} defined in this process; null if unknown. */
    public static Map<String, byte[]> bytecodesOf(ClassLoader loader) { return LoadedCode.PROCESS.bytecodesOf(loader); }

    /** A loader that defines {@code classes} (as compiled before) on first use, under {@code parent}. */
    public static ClassLoader define(ClassLoader parent, Map<String, byte[]> classes) {
        return new StoredCodeCompiler.StoredClassLoader(parent, classes);
    }

    /** For --verbose: how many of this run's generated sources came from the store. */
    public static String summary() {
        int hits = HITS.get(), misses = MISSES.get();
        return "generated code: " + (hits + misses) + " sources to compile, " + hits + " found compiled in the build's store"
                + (System.getProperty("bpftop.compiled") == null ? " (none in use)" : "");
    }

    static void record(String key, Map<String, byte[]> classes) {
        if (System.getProperty("bpftop.compiled.record") != null) RECORDED.putIfAbsent(key, Map.copyOf(classes));
    }

    /** Writes what this run compiled to the -Dbpftop.compiled.record file, if one was named. */
    public static void save() throws IOException {
        String file = System.getProperty("bpftop.compiled.record");
        if (file == null) return;
        try (OutputStream os = Files.newOutputStream(Path.of(file))) {
            write(RECORDED, os);
        }
    }

    static void write(Map<String, Map<String, byte[]>> entries, OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
        out.writeUTF(MAGIC);
        out.writeInt(entries.size());
        for (Map.Entry<String, Map<String, byte[]>> e : entries.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (Map.Entry<String, byte[]> c : e.getValue().entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
        }
        out.flush();
    }

    static Map<String, Map<String, byte[]>> read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(is));
        if (!MAGIC.equals(in.readUTF())) throw new IOException("not a compiled-code store");
        int n = in.readInt();
        Map<String, Map<String, byte[]>> entries = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            int classes = in.readInt();
            Map<String, byte[]> byName = new LinkedHashMap<>();
            for (int j = 0; j < classes; j++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes); // a cut-off store must fail here, not define half a class
                byName.put(name, bytes);
            }
            entries.put(key, byName);
        }
        return entries;
    }

    /** The store in {@code file}; empty if there is none or it cannot be read. */
    static Map<String, Map<String, byte[]>> load(String file) {
        if (file == null) return Map.of();
        try (InputStream is = Files.newInputStream(Path.of(file))) {
            return read(is);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
