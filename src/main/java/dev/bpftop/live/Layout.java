package dev.bpftop.live;

import dev.bpftop.render.HtopFormat;
import dev.bpftop.sql.Display;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns fit the terminal and how wide each is. Columns leave by drop priority (highest
 * first, the rightmost of equals first) until the rest fit; the command, or else the last text
 * column, takes whatever width remains.
 */
record Layout(int[] columns, int[] widths, int flexible) {
    private static final int MIN_FLEX = 10;
    private static final int MAX_GENERIC = 40;

    static Layout fit(Grid grid, List<Grid.Line> visible, int width) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (!grid.displays[i].isHidden() && !(i < grid.empty.length && grid.empty[i])) shown.add(i);
        }
        int flex = -1;
        for (int i : shown) if (grid.displays[i].kind() == Display.Kind.COMMAND) flex = i;
        if (flex < 0) {
            for (int i : shown) if (!grid.numeric[i]) flex = i;
        }
        int[] natural = new int[grid.size()];
        for (int i : shown) natural[i] = natural(grid, i, visible);
        while (true) {
            int total = 0;
            for (int i : shown) total += i == flex ? MIN_FLEX : natural[i];
            total += Math.max(0, shown.size() - 1);
            if (total <= width || shown.size() <= 1) break;
            int victim = -1;
            for (int i : shown) {
                int d = grid.displays[i].drop();
                if (d > 0 && (victim < 0 || d >= grid.displays[victim].drop())) victim = i;
            }
            if (victim < 0) break;
            shown.remove(Integer.valueOf(victim));
        }
        int[] cols = shown.stream().mapToInt(Integer::intValue).toArray();
        int[] widths = new int[cols.length];
        int used = Math.max(0, cols.length - 1);
        for (int k = 0; k < cols.length; k++) {
            widths[k] = cols[k] == flex ? 0 : natural[cols[k]];
            used += widths[k];
        }
        for (int k = 0; k < cols.length; k++) {
            if (cols[k] == flex) widths[k] = Math.max(MIN_FLEX, width - used);
        }
        return new Layout(cols, widths, flex);
    }

    /** Known columns have htop's widths; others fit the header and the rows on screen, up to a cap. */
    private static int natural(Grid grid, int i, List<Grid.Line> visible) {
        Display d = grid.displays[i];
        int w = Math.max(d.width(), d.header().length());
        if (d.kind() == Display.Kind.COMMAND) return w;
        for (Grid.Line l : visible) w = Math.max(w, Math.min(MAX_GENERIC, HtopFormat.cell(d.kind(), l.row()[i]).length()));
        return w;
    }
}
