package dev.bpftop.freeze;

import java.io.PrintStream;

/**
 * Asked with the plan before FREEZE or THAW changes anything; returning false changes nothing.
 * The REPL plugs in a prompt; the one-liner uses {@link #assumeYes} (--yes) or {@link #refuse}.
 */
@FunctionalInterface
public interface Confirmation {
    boolean confirm(Plan plan);

    /** --yes: show the plan, then go ahead. */
    static Confirmation assumeYes(PrintStream planTo) {
        return plan -> {
            plan.describe().forEach(planTo::println);
            return true;
        };
    }

    /** Non-interactive without --yes: show the plan and say how to go ahead, change nothing. */
    static Confirmation refuse(PrintStream planTo) {
        return plan -> {
            plan.describe().forEach(planTo::println);
            planTo.println("bpftop: " + plan.verb() + " changes running processes: pass --yes to go ahead, or --dry-run to only print the plan");
            return false;
        };
    }
}
