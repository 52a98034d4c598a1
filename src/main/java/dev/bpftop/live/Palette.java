package dev.bpftop.live;

import org.jline.utils.AttributedStyle;

/** htop's colors, or plain attributes only (bold, inverse) when NO_COLOR is set (no-color.org). */
record Palette(boolean color) {
    static Palette fromEnvironment() {
        String noColor = System.getenv("NO_COLOR");
        return new Palette(noColor == null || noColor.isEmpty());
    }

    AttributedStyle header() { return AttributedStyle.DEFAULT; }

    AttributedStyle meterLabel() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN).bold() : AttributedStyle.BOLD; }

    AttributedStyle meterBar() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT; }

    AttributedStyle meterText() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.WHITE).faint() : AttributedStyle.DEFAULT; }

    AttributedStyle columnHeader() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.GREEN).foreground(AttributedStyle.BLACK) : AttributedStyle.INVERSE;
    }

    AttributedStyle sortedHeader() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.CYAN).foreground(AttributedStyle.BLACK).bold()
                : AttributedStyle.INVERSE.bold();
    }

    AttributedStyle row() { return AttributedStyle.DEFAULT; }

    AttributedStyle selected() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.CYAN).foreground(AttributedStyle.BLACK) : AttributedStyle.INVERSE;
    }

    /** Frozen processes stand out: blue in color, underlined without. */
    AttributedStyle frozen() {
        return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE).bold() : AttributedStyle.DEFAULT.underline();
    }

    AttributedStyle tree() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT; }

    AttributedStyle footerKey() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.BLACK).background(AttributedStyle.CYAN) : AttributedStyle.INVERSE; }

    AttributedStyle footer() { return AttributedStyle.DEFAULT; }

    AttributedStyle dialog() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.BLUE).foreground(AttributedStyle.WHITE) : AttributedStyle.INVERSE;
    }

    AttributedStyle dialogSelected() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.CYAN).foreground(AttributedStyle.BLACK) : AttributedStyle.BOLD;
    }

    /** The line that says a replay is not live. */
    AttributedStyle replay() {
        return color ? AttributedStyle.DEFAULT.background(AttributedStyle.YELLOW).foreground(AttributedStyle.BLACK).bold() : AttributedStyle.INVERSE.bold();
    }

    AttributedStyle error() { return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold() : AttributedStyle.BOLD; }
}
