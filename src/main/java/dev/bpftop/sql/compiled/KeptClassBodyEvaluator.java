package dev.bpftop.sql.compiled;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/**
 * Janino's class-body evaluator, but a body it compiled before in this process (with the same
 * name, supertypes and parent loader) gives the class it compiled then. Calcite's interpreter
 * compiles each pushed-down filter this way at every run of a plan (JaninoRexCompiler).
 */
final class KeptClassBodyEvaluator extends ClassBodyEvaluator {
    private final LoadedCode loaded;
    private String className = "";
    private String supertypes = "";
    private ClassLoader parent = Thread.currentThread().getContextClassLoader();

    KeptClassBodyEvaluator(LoadedCode loaded) { this.loaded = loaded; }

    @Override
    public void setClassName(String name) {
        super.setClassName(name);
        className = name;
    }

    @Override
    public void setExtendedClass(Class<?> c) {
        super.setExtendedClass(c);
        supertypes += "extends " + c.getName() + ";";
    }

    @Override
    public void setImplementedInterfaces(Class<?>[] interfaces) {
        super.setImplementedInterfaces(interfaces);
        supertypes += "implements " + Arrays.toString(Arrays.stream(interfaces).map(Class::getName).toArray()) + ";";
    }

    @Override
    public void setDefaultImports(String... imports) {
        super.setDefaultImports(imports);
        supertypes += "imports " + String.join(",", imports) + ";";
    }

    @Override
    public void setParentClassLoader(ClassLoader loader) {
        super.setParentClassLoader(loader);
        parent = loader;
    }

    /** What Calcite's interpreter calls: the class compiled before for the same body, or a fresh one. */
    @Override
    public Object createInstance(Reader reader) throws CompileException, IOException {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        String source = text.toString();
        String key = CompiledCode.key(source, "class body " + className + ";" + supertypes);
        LoadedCode.Kept kept = loaded.get(key, parent);
        if (kept == null) {
            Object made = super.createInstance(new StringReader(source));
            loaded.keep(key, parent, new LoadedCode.Kept(super.getClazz()));
            return made;
        }
        try {
            return kept.clazz().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new CompileException("cannot instantiate " + kept.clazz().getName() + ": " + e, null);
        }
    }
}
