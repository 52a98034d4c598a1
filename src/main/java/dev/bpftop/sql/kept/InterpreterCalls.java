package dev.bpftop.sql.kept;

import java.io.ByteArrayInputStream;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.linq4j.AbstractEnumerable;

/**
 * Rewrites a plan's generated code to scan its tables through {@link DirectScan} instead of
 * Calcite's interpreter. Calcite's code for a scan is always the same few instructions: read the
 * stashed scan ({@code (RelNode) root.get("v1stashed")}), build {@code new Interpreter(root, scan)},
 * use it as the {@code AbstractEnumerable} it extends. Here the cast goes, the construction becomes a
 * call of {@link DirectScan#enumerable}, and the interpreter's methods become its superclass's.
 * Code that uses either type in any other way is {@link RexCodec.Unsupported}: its plan then keeps
 * the interpreter.
 */
final class InterpreterCalls {
    private static final String INTERPRETER_NAME = "org/apache/calcite/interpreter/Interpreter", REL_NODE_NAME = "org/apache/calcite/rel/RelNode";
    private static final ClassDesc INTERPRETER = ClassDesc.ofInternalName(INTERPRETER_NAME);
    private static final ClassDesc REL_NODE = ClassDesc.ofInternalName(REL_NODE_NAME);
    private static final ClassDesc DATA_CONTEXT = ClassDesc.of("org.apache.calcite.DataContext");
    private static final ClassDesc ABSTRACT_ENUMERABLE = ClassDesc.of(AbstractEnumerable.class.getName());
    private static final MethodTypeDesc CONSTRUCTOR = MethodTypeDesc.of(ConstantDescs.CD_void, DATA_CONTEXT, REL_NODE);
    private static final ClassDesc DIRECT_SCAN = ClassDesc.of(DirectScan.class.getName());
    private static final MethodTypeDesc ABSTRACT_ENUMERABLE_OF = MethodTypeDesc.of(ABSTRACT_ENUMERABLE, DATA_CONTEXT, ConstantDescs.CD_Object);

    private InterpreterCalls() {}

    /** {@code classes} (name to bytecode) with every interpreter made a direct scan; those that build none are unchanged. */
    static Map<String, byte[]> rewrite(Map<String, byte[]> classes) throws RexCodec.Unsupported {
        // New stack maps need the plan's own classes' places in the hierarchy as well as Calcite's.
        ClassHierarchyResolver own = ClassHierarchyResolver.ofResourceParsing(desc -> {
            String d = desc.descriptorString();
            byte[] b = classes.get(d.substring(1, d.length() - 1).replace('/', '.'));
            return b == null ? null : new ByteArrayInputStream(b);
        });
        ClassFile files = ClassFile.of(ClassFile.ConstantPoolSharingOption.NEW_POOL, ClassFile.DebugElementsOption.DROP_DEBUG,
                ClassFile.ClassHierarchyResolverOption.of(own.orElse(ClassHierarchyResolver.ofClassLoading(InterpreterCalls.class.getClassLoader()))));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            ClassModel model = files.parse(e.getValue());
            if (!mentionsEither(model)) {
                out.put(e.getKey(), e.getValue());
                continue;
            }
            byte[] rewritten;
            try {
                rewritten = files.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(Rewriting::new)));
            } catch (IllegalArgumentException | IllegalStateException unexpected) {
                throw new RexCodec.Unsupported("its code builds the interpreter otherwise: " + unexpected.getMessage());
            }
            if (mentionsEither(files.parse(rewritten))) throw new RexCodec.Unsupported("its code uses the interpreter otherwise");
            out.put(e.getKey(), rewritten);
        }
        return out;
    }

    /** Whether the interpreter's superclass, {@code AbstractEnumerable}, has the method {@code name} of {@code type}. */
    private static boolean enumerables(String name, MethodTypeDesc type) {
        for (Method m : AbstractEnumerable.class.getMethods()) {
            if (m.getName().equals(name)
                    && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(type.descriptorString())) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of a class's names or descriptors mentions the interpreter or a relational node. */
    private static boolean mentionsEither(ClassModel model) {
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof Utf8Entry u && (u.stringValue().contains(INTERPRETER_NAME) || u.stringValue().contains(REL_NODE_NAME))) return true;
        }
        return false;
    }

    /** One method's code: drops {@code new Interpreter} and its {@code dup}, and replaces the constructor's call. */
    private static final class Rewriting implements CodeTransform {
        private boolean dupToDrop;

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (dupToDrop) {
                if (!(e instanceof StackInstruction s && s.opcode() == Opcode.DUP)) throw new IllegalStateException("no dup after new Interpreter");
                dupToDrop = false;
                return;
            }
            switch (e) {
                case NewObjectInstruction n when n.className().asSymbol().equals(INTERPRETER) -> dupToDrop = true;
                case TypeCheckInstruction t when t.opcode() == Opcode.CHECKCAST && t.type().asSymbol().equals(REL_NODE) -> { }
                case InvokeInstruction i when i.owner().asSymbol().equals(INTERPRETER) -> {
                    if (i.opcode() == Opcode.INVOKESPECIAL && i.name().equalsString("<init>") && i.typeSymbol().equals(CONSTRUCTOR)) {
                        b.invokestatic(DIRECT_SCAN, "enumerable", ABSTRACT_ENUMERABLE_OF);
                    } else if (i.opcode() == Opcode.INVOKEVIRTUAL && enumerables(i.name().stringValue(), i.typeSymbol())) {
                        b.invokevirtual(ABSTRACT_ENUMERABLE, i.name().stringValue(), i.typeSymbol());
                    } else {
                        throw new IllegalStateException("Interpreter." + i.name().stringValue());
                    }
                }
                default -> b.with(e);
            }
        }
    }
}
