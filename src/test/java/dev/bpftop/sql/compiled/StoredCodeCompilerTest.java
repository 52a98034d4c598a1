package dev.bpftop.sql.compiled;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.codehaus.commons.compiler.CompilerFactoryFactory;
import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredCodeCompilerTest {
    private static final String SOURCE = "public class Answer { public static int get() { return 1; } }";

    private static int answer(ClassLoader loader) throws Exception {
        return (int) loader.loadClass("Answer").getMethod("get").invoke(null);
    }

    private static Map<String, byte[]> compiled(String source) throws Exception {
        SimpleCompiler janino = new SimpleCompiler();
        janino.cook(source);
        return janino.getBytecodes();
    }

    @Test
    void compilesAndRecordsWhatTheStoreLacks() throws Exception {
        Map<String, Map<String, byte[]>> recorded = new HashMap<>();
        StoredCodeCompiler compiler = new StoredCodeCompiler(key -> null, recorded::put);
        compiler.cook(SOURCE);
        assertEquals(1, answer(compiler.getClassLoader()));
        assertEquals(List.of(compiler.key(SOURCE)), List.copyOf(recorded.keySet()));
        assertTrue(recorded.get(compiler.key(SOURCE)).containsKey("Answer"));
    }

    @Test
    void loadsStoredBytecodeInsteadOfCompiling() throws Exception {
        // Bytecode that answers 2, stored under the key of the source that answers 1: getting 2
        // back shows the compiler took the stored classes and never compiled the source.
        Map<String, byte[]> other = compiled(SOURCE.replace("return 1", "return 2"));
        StoredCodeCompiler probe = new StoredCodeCompiler(key -> null, (k, v) -> { });
        Map<String, Map<String, byte[]>> store = Map.of(probe.key(SOURCE), other);
        StoredCodeCompiler compiler = new StoredCodeCompiler(store::get, (k, v) -> fail("compiled " + k));
        compiler.cook(SOURCE);
        assertEquals(2, answer(compiler.getClassLoader()));
    }

    @Test
    void aSourceCompiledBeforeInThisProcessIsNotCompiledAgain() throws Exception {
        LoadedCode loaded = new LoadedCode();
        List<String> compiledKeys = new java.util.ArrayList<>();
        StoredCodeCompiler first = new StoredCodeCompiler(key -> null, (k, v) -> compiledKeys.add(k), loaded);
        first.cook(SOURCE);
        StoredCodeCompiler second = new StoredCodeCompiler(key -> null, (k, v) -> compiledKeys.add(k), loaded);
        second.cook(SOURCE);
        assertSame(first.getClassLoader().loadClass("Answer"), second.getClassLoader().loadClass("Answer"));
        assertEquals(1, compiledKeys.size(), "compiled once");
    }

    @Test
    void aClassBodyCompiledBeforeGivesTheSameClass() throws Exception {
        LoadedCode loaded = new LoadedCode();
        String body = "public int get() { return 3; }";
        Object a = evaluator(loaded).createInstance(new java.io.StringReader(body));
        Object b = evaluator(loaded).createInstance(new java.io.StringReader(body));
        Object c = evaluator(loaded).createInstance(new java.io.StringReader(body.replace("3", "4")));
        assertNotSame(a, b);
        assertSame(a.getClass(), b.getClass(), "the same body: the class compiled the first time");
        assertNotSame(a.getClass(), c.getClass());
        assertEquals(4, c.getClass().getMethod("get").invoke(c));
        assertNotSame(a.getClass(), evaluator(new LoadedCode()).createInstance(new java.io.StringReader(body)).getClass());
    }

    private static KeptClassBodyEvaluator evaluator(LoadedCode loaded) {
        KeptClassBodyEvaluator e = new KeptClassBodyEvaluator(loaded);
        e.setClassName("Buzz");
        e.setImplementedInterfaces(new Class<?>[] {java.io.Serializable.class});
        return e;
    }

    @Test
    void keyCoversTheCompilerSettings() {
        StoredCodeCompiler plain = new StoredCodeCompiler(key -> null, (k, v) -> { });
        StoredCodeCompiler debug = new StoredCodeCompiler(key -> null, (k, v) -> { });
        debug.setDebuggingInformation(true, true, true);
        assertNotEquals(plain.key(SOURCE), debug.key(SOURCE));
        assertNotEquals(plain.key(SOURCE), plain.key(SOURCE + " "));
    }

    @Test
    void storeSurvivesWritingAndReading() throws Exception {
        Map<String, Map<String, byte[]>> entries = Map.of("k", compiled(SOURCE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompiledCode.write(entries, out);
        Map<String, Map<String, byte[]>> back = CompiledCode.read(new ByteArrayInputStream(out.toByteArray()));
        assertArrayEquals(entries.get("k").get("Answer"), back.get("k").get("Answer"));
    }

    @Test
    void missingOrDamagedStoreIsEmpty(@TempDir Path dir) throws Exception {
        assertEquals(Map.of(), CompiledCode.load(dir.resolve("absent").toString()));
        Path damaged = Files.write(dir.resolve("damaged"), "bpftop compiled code 1, or so it says".getBytes());
        assertEquals(Map.of(), CompiledCode.load(damaged.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompiledCode.write(Map.of("k", compiled(SOURCE)), out);
        Path truncated = Files.write(dir.resolve("truncated"), java.util.Arrays.copyOf(out.toByteArray(), out.size() / 2));
        assertEquals(Map.of(), CompiledCode.load(truncated.toString()));
    }

    @Test
    void calciteFindsThisCompilerFirst() throws Exception {
        // Janino's factory lookup takes the first ServiceLoader entry: ours must precede Janino's,
        // on the test class path and in the shaded jar that users run.
        assertInstanceOf(StoredCodeCompilerFactory.class,
                CompilerFactoryFactory.getDefaultCompilerFactory(StoredCodeCompilerTest.class.getClassLoader()));
        Path jar = Path.of("target/bpftop.jar");
        assertTrue(Files.exists(jar), "run the tests after mvn package (bin/build test does)");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String services = new String(zip.getInputStream(
                    zip.getEntry("META-INF/services/org.codehaus.commons.compiler.ICompilerFactory")).readAllBytes());
            assertEquals(StoredCodeCompilerFactory.class.getName(), services.lines().findFirst().orElseThrow());
        }
    }
}
