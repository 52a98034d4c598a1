import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.ClassFileVersion;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the classes of a jar whose class-file version is below Java 6 (picocli ships Java 5
 * bytecode) as Java 8 class files with stack maps, in place. Why: a Java AOT cache cannot hold a
 * pre-Java 6 class once it is linked (it needs the old type-inferring verifier at run time), so
 * every one-liner loaded, verified and linked picocli's ~150 classes from scratch. The code itself
 * is unchanged; only the version and the StackMapTable attributes the new verifier checks are new.
 *
 * <p>Usage (a single-file program, run by the build after shading): {@code java UpgradeOldClasses.java JAR}
 */
public class UpgradeOldClasses {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int upgraded = 0;
        try (var loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()});
             var fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            // Stack maps need common superclasses: resolve them from the jar itself, then the JDK.
            var classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.ofResourceParsing(loader)
                            .orElse(ClassHierarchyResolver.defaultResolver())),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            List<Path> classes;
            try (var walk = Files.walk(fs.getPath("/"))) {
                classes = walk.filter(p -> p.toString().endsWith(".class")).toList();
            }
            for (Path p : classes) {
                byte[] bytes = Files.readAllBytes(p);
                int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                if (major >= JAVA_6) {
                    continue;
                }
                // Passing each method body through a code builder makes the API write its stack maps.
                byte[] out = classFile.transformClass(classFile.parse(bytes),
                        ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((builder, element) -> {
                                    if (element instanceof ClassFileVersion) {
                                        builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
                                    } else {
                                        builder.with(element);
                                    }
                                }));
                Files.write(p, out);
                upgraded++;
            }
        }
        System.out.println("UpgradeOldClasses: " + upgraded + " classes of " + jar.getFileName() + " now Java 8 class files");
    }
}
