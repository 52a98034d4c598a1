package dev.bpftop.sql.compiled;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Cookable;
import org.codehaus.commons.compiler.ErrorHandler;
import org.codehaus.commons.compiler.ISimpleCompiler;
import org.codehaus.commons.compiler.WarningHandler;
import org.codehaus.janino.SimpleCompiler;

/** A Janino SimpleCompiler that loads the classes of a source it has seen before instead of compiling it. */
final class StoredCodeCompiler extends Cookable implements ISimpleCompiler {
    private final Function<String, Map<String, byte[]>> store;
    private final BiConsumer<String, Map<String, byte[]>> recorder;
    private final LoadedCode loaded;
    private ClassLoader parent = Thread.currentThread().getContextClassLoader();
    private boolean debugSource, debugLines, debugVars;
    private ErrorHandler errorHandler;
    private WarningHandler warningHandler;
    private int sourceVersion = -1, targetVersion = -1;
    private Map<String, byte[]> bytecodes;
    private ClassLoader result;

    /** {@code store} gives the classes stored for a key, or null; {@code recorder} sees every fresh compilation. */
    StoredCodeCompiler(Function<String, Map<String, byte[]>> store, BiConsumer<String, Map<String, byte[]>> recorder) {
        this(store, recorder, new LoadedCode());
    }

    /** @param loaded what this process compiled already, consulted first */
    StoredCodeCompiler(Function<String, Map<String, byte[]>> store, BiConsumer<String, Map<String, byte[]>> recorder, LoadedCode loaded) {
        this.store = store;
        this.recorder = recorder;
        this.loaded = loaded;
    }

    @Override
    public void cook(String fileName, Reader reader) throws CompileException, IOException {
        String source = readAll(reader);
        String key = key(source);
        LoadedCode.Kept kept = loaded.get(key, parent);
        if (kept != null) {
            bytecodes = kept.bytecodes();
            result = kept.loader();
            return;
        }
        Map<String, byte[]> stored = store.apply(key);
        if (stored != null) {
            bytecodes = stored;
            result = new StoredClassLoader(parent, stored);
            loaded.keep(key, parent, new LoadedCode.Kept(result, bytecodes));
            return;
        }
        SimpleCompiler janino = new SimpleCompiler();
        janino.setParentClassLoader(parent);
        janino.setDebuggingInformation(debugSource, debugLines, debugVars);
        if (errorHandler != null) janino.setCompileErrorHandler(errorHandler);
        if (warningHandler != null) janino.setWarningHandler(warningHandler);
        if (sourceVersion != -1) janino.setSourceVersion(sourceVersion);
        if (targetVersion != -1) janino.setTargetVersion(targetVersion);
        janino.cook(fileName, new StringReader(source));
        bytecodes = janino.getBytecodes();
        result = janino.getClassLoader();
        recorder.accept(key, bytecodes);
        loaded.keep(key, parent, new LoadedCode.Kept(result, bytecodes));
    }

    /** The store's key for compiling {@code source} with this compiler's settings. */
    String key(String source) {
        return CompiledCode.key(source, debugSource + "," + debugLines + "," + debugVars + "," + sourceVersion + "," + targetVersion);
    }

    private static String readAll(Reader reader) throws IOException {
        StringWriter source = new StringWriter();
        reader.transferTo(source);
        return source.toString();
    }

    @Override public void setParentClassLoader(ClassLoader parent) { this.parent = parent; }

    @Override
    public void setDebuggingInformation(boolean source, boolean lines, boolean vars) {
        debugSource = source;
        debugLines = lines;
        debugVars = vars;
    }

    @Override public void setCompileErrorHandler(ErrorHandler handler) { errorHandler = handler; }

    @Override public void setWarningHandler(WarningHandler handler) { warningHandler = handler; }

    @Override public void setSourceVersion(int version) { sourceVersion = version; }

    @Override public void setTargetVersion(int version) { targetVersion = version; }

    @Override
    public Map<String, byte[]> getBytecodes() {
        if (bytecodes == null) throw new IllegalStateException("not cooked yet");
        return bytecodes;
    }

    @Override
    public ClassLoader getClassLoader() {
        if (result == null) throw new IllegalStateException("not cooked yet");
        return result;
    }

    /** Defines the stored classes on first use, as Janino's own loader does for fresh ones. */
    static final class StoredClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        StoredClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
