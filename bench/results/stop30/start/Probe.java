import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
public class Probe {
    public static void main(String[] a) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        Class<?> outer = Class.forName("org.apache.calcite.rel.metadata.BuiltInMetadata");
        java.util.List<Class<?>> hs = new java.util.ArrayList<>();
        for (Class<?> c : outer.getDeclaredClasses()) for (Class<?> d : c.getDeclaredClasses()) if (d.getSimpleName().equals("Handler")) hs.add(d);
        Proxy.newProxyInstance(Probe.class.getClassLoader(), new Class<?>[] {Runnable.class}, (p, m, args) -> null); java.lang.invoke.MethodHandles.insertArguments(java.lang.invoke.MethodHandles.identity(long.class).asType(java.lang.invoke.MethodType.methodType(long.class,long.class)),0,1L); long t0 = mx.getCurrentThreadCpuTime();
        for (Class<?> h : hs) Proxy.newProxyInstance(Probe.class.getClassLoader(), new Class<?>[] {h}, (p, m, args) -> null);
        long t1 = mx.getCurrentThreadCpuTime();
        System.out.println(hs.size() + " proxies: " + (t1 - t0) / 1000000 + " ms thread CPU");
    }
}
