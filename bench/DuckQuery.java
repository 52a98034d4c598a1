import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * bench/history.sh's second reader: runs one SQL statement in DuckDB (its JDBC driver, from the
 * Maven cache) and prints the rows as CSV and, on stderr, the milliseconds the query took.
 * Usage: java -cp duckdb_jdbc.jar bench/DuckQuery.java "SELECT …"
 */
public class DuckQuery {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); ResultSet rs = c.createStatement().executeQuery(args[0])) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) sb.append(i > 1 ? "," : "").append(rs.getObject(i));
                System.out.println(sb);
            }
        }
        System.err.printf("duckdb query ms: %.0f%n", (System.nanoTime() - t0) / 1e6);
    }
}
