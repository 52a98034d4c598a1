// Load on the agent's Avatica listener: CLIENTS JDBC connections (Avatica's remote driver), each
// running QUERY RATE times a second, for SECONDS; prints errors and latency percentiles as JSON.
// Run by bench/agent_load.sh:  java -cp target/bpftop.jar bench/AgentLoad.java URL CLIENTS RATE SECONDS
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

public class AgentLoad {
    static final String QUERY = "SELECT unit, count(*) AS n, sum(cpu_pct) AS cpu, sum(rss) AS rss FROM processes GROUP BY unit";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int clients = Integer.parseInt(args[1]), rate = Integer.parseInt(args[2]), seconds = Integer.parseInt(args[3]);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection conn = new org.apache.calcite.avatica.remote.Driver().connect(url, new Properties());
                     Statement s = conn.createStatement()) {
                    long next = System.nanoTime();
                    while (next < end) {
                        long t0 = System.nanoTime();
                        try (ResultSet rs = s.executeQuery(QUERY)) {
                            while (rs.next()) rs.getObject(1);
                            latencies.add(System.nanoTime() - t0);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        next += 1_000_000_000L / rate;
                        long wait = next - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) t.join();
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        double p50 = l.isEmpty() ? 0 : l.get(l.size() / 2) / 1e6, p99 = l.isEmpty() ? 0 : l.get(Math.min(l.size() - 1, (int) (l.size() * 0.99))) / 1e6;
        System.out.printf("{\"queries\": %d, \"errors\": %d, \"p50_ms\": %.1f, \"p99_ms\": %.1f}%n", l.size(), errors.get(), p50, p99);
    }
}
