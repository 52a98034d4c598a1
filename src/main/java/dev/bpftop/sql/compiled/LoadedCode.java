package dev.bpftop.sql.compiled;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Classes this process already compiled (or loaded from the store), by source and parent loader.
 * Calcite's interpreter compiles the filter of a pushed-down scan (`WHERE unit IS NOT NULL`) anew at
 * every run of a plan; the agent runs the same plans all day, so each such source is compiled and
 * defined once and its classes are used again. Bounded, least recently used first out, as
 * Calcite's own cache of compiled plans is.
 */
final class LoadedCode {
    private static final int MAX = Integer.getInteger("bpftop.compiled.keep", 1000);
    /** This process's: what Calcite's compilers share. */
    static final LoadedCode PROCESS = new LoadedCode();

    /** A compiled source: its classes' loader and their bytecode, or the one class of a class body. */
    record Kept(ClassLoader loader, Map<String, byte[]> bytecodes, Class<?> clazz) {
        Kept(ClassLoader loader, Map<String, byte[]> bytecodes) { this(loader, bytecodes, null); }

        Kept(Class<?> clazz) { this(clazz.getClassLoader(), Map.of(), clazz); }
    }

    private record Key(String source, ClassLoader parent) {}

    private final Map<Key, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) { return size() > MAX; }
    };

    synchronized Kept get(String key, ClassLoader parent) { return kept.get(new Key(key, parent)); }

    synchronized void keep(String key, ClassLoader parent, Kept compiled) { kept.put(new Key(key, parent), compiled); }

    /** The bytecode of the classes {@code loader} defined from a compiled source; null if it is not one of those kept. */
    synchronized Map<String, byte[]> bytecodesOf(ClassLoader loader) {
        for (Kept k : kept.values()) {
            if (k.loader() == loader && !k.bytecodes().isEmpty()) return k.bytecodes();
        }
        return null;
    }
}
