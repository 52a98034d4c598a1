package dev.bpftop.sql.compiled;

import org.codehaus.commons.compiler.ISimpleCompiler;
import org.codehaus.janino.CompilerFactory;

/**
 * Janino, but consulting {@link CompiledCode} first. Calcite finds its compiler through the
 * ServiceLoader and takes the first factory listed; ours is listed ahead of Janino's own.
 */
public final class StoredCodeCompilerFactory extends CompilerFactory {
    @Override
    public ISimpleCompiler newSimpleCompiler() {
        return new StoredCodeCompiler(CompiledCode::lookup, CompiledCode::record, LoadedCode.PROCESS);
    }

    @Override
    public org.codehaus.commons.compiler.IClassBodyEvaluator newClassBodyEvaluator() {
        return new KeptClassBodyEvaluator(LoadedCode.PROCESS);
    }

    @Override
    public String getId() {
        return "dev.bpftop.sql.compiled";
    }

    @Override
    public String toString() {
        return "janino with bpftop's compiled-code store";
    }
}
