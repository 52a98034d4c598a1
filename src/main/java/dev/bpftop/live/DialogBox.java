package dev.bpftop.live;

import dev.bpftop.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/** The boxes drawn over the table: the signal list, the FREEZE/THAW plan to confirm, and the help. */
final class DialogBox {
    private static final String[] HELP = {
            "bpftop live view keys",
            "",
            "Up/Down j/k PgUp/PgDn Home/End   move",
            "P M T        sort by CPU%, MEM%, TIME+ (largest first)",
            "N D          sort by NET/s (network, bpf only), IO/s (storage)",
            "< >          sort by the previous / next column",
            "I            invert the sort order",
            "t            tree view (by pid / ppid)",
            "/  n         search, next match      \\  filter rows",
            "H            threads                 K  kernel threads",
            "x F9         send a signal to the selected process",
            "f            freeze the selected process (FREEZE PID)",
            "u  U         thaw (asks first) / thaw at once",
            "e            edit the query",
            "← [  → ]     a replay (--at): one recorded interval earlier / later",
            "q F10        quit",
            "",
            "any key closes this help"};

    private final Palette palette;

    DialogBox(Palette palette) { this.palette = palette; }

    /** The open dialog's lines, padded to one width; {@code room} is how many plan lines fit. */
    List<AttributedString> lines(Modal modal, Rows rows, int room) {
        List<AttributedString> box = new ArrayList<>();
        switch (modal.mode()) {
            case SIGNAL -> {
                box.add(new AttributedString(" Send signal to " + selected(rows) + " ", palette.dialog()));
                for (int i = 0; i < Signals.ALL.size(); i++) {
                    box.add(new AttributedString(" " + Signals.ALL.get(i).label() + " ", i == modal.choice() ? palette.dialogSelected() : palette.dialog()));
                }
                box.add(new AttributedString(" Enter: send  Esc: cancel ", palette.dialog()));
            }
            case FREEZE -> {
                FreezeActions.Proposal proposal = modal.proposal();
                box.add(new AttributedString(" " + proposal.title() + " ", palette.dialog()));
                List<String> plan = proposal.lines();
                for (int i = 0; i < plan.size() && i < room; i++) box.add(new AttributedString(" " + Screen.clip(plan.get(i), 100) + " ", palette.dialog()));
                if (plan.size() > room) box.add(new AttributedString("  … and " + (plan.size() - room) + " more lines ", palette.dialog()));
                box.add(new AttributedString(" Enter: " + proposal.verb() + "  Esc: cancel ", palette.dialogSelected()));
            }
            default -> {
                for (String line : HELP) box.add(new AttributedString(" " + line + " ", palette.dialog()));
            }
        }
        int width = 0;
        for (AttributedString s : box) width = Math.max(width, s.columnLength());
        List<AttributedString> padded = new ArrayList<>();
        for (AttributedString s : box) {
            AttributedStringBuilder sb = new AttributedStringBuilder().append(s);
            sb.style(palette.dialog());
            while (sb.columnLength() < width) sb.append(" ");
            padded.add(sb.toAttributedString());
        }
        return padded;
    }

    private static String selected(Rows rows) {
        Integer pid = rows.selectedPid();
        return pid == null ? "?" : pid + " " + Screen.clip(Sanitizer.forTerminal(rows.grid().commandOf(rows.selectedRow())), 30);
    }

    /** Draws the box centered over the screen's lines from {@code top} down. */
    static void overlay(List<AttributedString> screen, List<AttributedString> box, int cols, int top) {
        if (box.isEmpty()) return;
        int width = Math.min(cols, box.get(0).columnLength());
        int left = Math.max(0, (cols - width) / 2);
        for (int i = 0; i < box.size() && top + i < screen.size(); i++) {
            AttributedStringBuilder sb = new AttributedStringBuilder();
            AttributedString under = screen.get(top + i);
            sb.append(under.columnSubSequence(0, Math.min(left, under.columnLength())));
            while (sb.columnLength() < left) sb.append(" ");
            sb.append(box.get(i).columnSubSequence(0, Math.min(width, box.get(i).columnLength())));
            if (under.columnLength() > left + width) sb.append(under.columnSubSequence(left + width, under.columnLength()));
            screen.set(top + i, sb.toAttributedString());
        }
    }
}
