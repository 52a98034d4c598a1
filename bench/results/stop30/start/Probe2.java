import java.lang.management.ManagementFactory;
import org.apache.calcite.rel.metadata.*;
public class Probe2 {
    public static void main(String[] a) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        java.util.List<Class<? extends MetadataHandler<?>>> used = new java.util.ArrayList<>(), rest = new java.util.ArrayList<>();
        java.util.Set<String> u = java.util.Set.of("Collation","MaxRowCount","MinRowCount","NodeTypes","NonCumulativeCost","Predicates","RowCount");
        for (Class<?> c : BuiltInMetadata.class.getDeclaredClasses()) for (Class<?> d : c.getDeclaredClasses()) if (d.getSimpleName().equals("Handler"))
            (u.contains(c.getSimpleName()) ? used : rest).add((Class<? extends MetadataHandler<?>>) d);
        JaninoRelMetadataProvider p = JaninoRelMetadataProvider.DEFAULT;
        long t0 = mx.getCurrentThreadCpuTime();
        for (var h : used) p.revise(h);
        long t1 = mx.getCurrentThreadCpuTime();
        for (var h : rest) p.revise(h);
        long t2 = mx.getCurrentThreadCpuTime();
        System.out.println(used.size() + " used handlers: " + (t1 - t0) / 1000000 + " ms; " + rest.size() + " more: " + (t2 - t1) / 1000000 + " ms");
    }
}
