package dev.bpftop.live;

import static org.jline.keymap.KeyMap.ctrl;
import static org.jline.keymap.KeyMap.esc;
import static org.jline.keymap.KeyMap.key;

import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * htop's keys for the table and dialogs, and a smaller map for the one-line prompts. A replay steps
 * in time with ← → and [ ]: below's and atop's t/T are htop's tree and TIME+ sort here.
 */
final class Keys {
    enum Op {
        UP, DOWN, LEFT, RIGHT, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, KILL_LINE, TEXT,
        SORT_CPU, SORT_MEM, SORT_TIME, SORT_NET, SORT_IO, SORT_PREVIOUS, SORT_NEXT, INVERT, TREE, SEARCH, NEXT_MATCH, FILTER,
        THREADS, KERNEL, SIGNAL, FREEZE, THAW, THAW_NOW, EDIT, HELP, QUIT, EARLIER, LATER, NONE
    }

    final KeyMap<Op> main = new KeyMap<>();
    final KeyMap<Op> input = new KeyMap<>();

    Keys(Terminal terminal) {
        for (KeyMap<Op> m : java.util.List.of(main, input)) {
            m.setAmbiguousTimeout(50);
            m.bind(Op.UP, key(terminal, Capability.key_up), "\033[A", "\033OA");
            m.bind(Op.DOWN, key(terminal, Capability.key_down), "\033[B", "\033OB");
            m.bind(Op.LEFT, key(terminal, Capability.key_left), "\033[D", "\033OD");
            m.bind(Op.RIGHT, key(terminal, Capability.key_right), "\033[C", "\033OC");
            m.bind(Op.PAGE_UP, key(terminal, Capability.key_ppage), "\033[5~");
            m.bind(Op.PAGE_DOWN, key(terminal, Capability.key_npage), "\033[6~");
            m.bind(Op.HOME, key(terminal, Capability.key_home), "\033[H", "\033OH", "\033[1~");
            m.bind(Op.END, key(terminal, Capability.key_end), "\033[F", "\033OF", "\033[4~");
            m.bind(Op.ENTER, "\r", "\n");
            m.bind(Op.ESCAPE, esc());
        }
        main.setNomatch(Op.NONE);
        main.bind(Op.UP, "k");
        main.bind(Op.DOWN, "j");
        main.bind(Op.SORT_CPU, "P");
        main.bind(Op.SORT_MEM, "M");
        main.bind(Op.SORT_TIME, "T");
        main.bind(Op.SORT_NET, "N");
        main.bind(Op.SORT_IO, "D");
        main.bind(Op.SORT_PREVIOUS, "<", ",");
        main.bind(Op.SORT_NEXT, ">", ".");
        main.bind(Op.INVERT, "I");
        main.bind(Op.TREE, "t", key(terminal, Capability.key_f5));
        main.bind(Op.SEARCH, "/", key(terminal, Capability.key_f3));
        main.bind(Op.NEXT_MATCH, "n");
        main.bind(Op.FILTER, "\\", key(terminal, Capability.key_f4));
        main.bind(Op.THREADS, "H");
        main.bind(Op.KERNEL, "K");
        main.bind(Op.SIGNAL, "x", key(terminal, Capability.key_f9), "\033[20~");
        main.bind(Op.FREEZE, "f");
        main.bind(Op.THAW, "u");
        main.bind(Op.THAW_NOW, "U");
        main.bind(Op.EDIT, "e");
        main.bind(Op.EARLIER, "[");
        main.bind(Op.LATER, "]");
        main.bind(Op.HELP, "?", "h", key(terminal, Capability.key_f1), "\033OP");
        main.bind(Op.QUIT, "q", key(terminal, Capability.key_f10), "\033[21~");
        input.setNomatch(Op.TEXT);
        input.setUnicode(Op.TEXT);
        input.bind(Op.BACKSPACE, "\177", "\b", key(terminal, Capability.key_backspace));
        input.bind(Op.KILL_LINE, ctrl('U'));
        input.bind(Op.HOME, ctrl('A'));
        input.bind(Op.END, ctrl('E'));
    }
}
