package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Aligned columns for people, in a pipe as on a terminal; numbers right-aligned, every value and name sanitized. */
public final class TableRenderer implements Renderer {
    private final int maxWidth;

    public TableRenderer() { this(Integer.MAX_VALUE); }

    /** @param maxWidth terminal width to fit; the widest text columns are cut with an ellipsis. */
    public TableRenderer(int maxWidth) { this.maxWidth = maxWidth; }

    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        int n = r.columns().size();
        List<String[]> cells = new ArrayList<>(r.rows().size());
        boolean[] numeric = new boolean[n];
        int[] width = new int[n];
        String[] names = r.columns().stream().map(Sanitizer::forTerminal).toArray(String[]::new);
        for (int i = 0; i < n; i++) {
            width[i] = header ? columns(names[i]) : 0;
            numeric[i] = isNumericType(r.jdbcTypes().get(i));
        }
        for (Object[] row : r.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = Values.display(row[i]);
                width[i] = Math.max(width[i], columns(c[i]));
            }
            cells.add(c);
        }
        fit(width, numeric);
        if (header) {
            line(out, names, width, new boolean[n]);
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) rule.append("  ");
                rule.append("-".repeat(width[i]));
            }
            out.write(rule.toString().stripTrailing());
            out.write('\n');
        }
        for (String[] c : cells) line(out, c, width, numeric);
        out.flush();
    }

    /** Shrinks the widest non-numeric columns until the row fits; numbers are never cut. */
    private void fit(int[] width, boolean[] numeric) {
        int total = 0;
        for (int w : width) total += w;
        total += 2 * Math.max(0, width.length - 1);
        while (total > maxWidth) {
            int widest = -1;
            for (int i = 0; i < width.length; i++) {
                if (!numeric[i] && width[i] > 8 && (widest < 0 || width[i] > width[widest])) widest = i;
            }
            if (widest < 0) return;
            int cut = Math.min(total - maxWidth, width[widest] - 8);
            width[widest] -= cut;
            total -= cut;
        }
    }

    private static void line(Writer out, String[] cells, int[] width, boolean[] right) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append("  ");
            String v = truncate(cells[i], width[i]);
            int pad = width[i] - columns(v);
            if (right[i]) sb.append(" ".repeat(pad)).append(v);
            else sb.append(v).append(i == cells.length - 1 ? "" : " ".repeat(pad));
        }
        out.write(sb.toString().stripTrailing());
        out.write('\n');
    }

    private static String truncate(String s, int width) {
        if (columns(s) <= width) return s;
        return s.substring(0, s.offsetByCodePoints(0, Math.max(0, width - 1))) + "…";
    }

    private static int columns(String s) { return s.codePointCount(0, s.length()); }

    static boolean isNumericType(int jdbcType) {
        return switch (jdbcType) {
            case java.sql.Types.INTEGER, java.sql.Types.BIGINT, java.sql.Types.SMALLINT, java.sql.Types.TINYINT,
                 java.sql.Types.DOUBLE, java.sql.Types.FLOAT, java.sql.Types.REAL, java.sql.Types.DECIMAL,
                 java.sql.Types.NUMERIC -> true;
            default -> false;
        };
    }
}
