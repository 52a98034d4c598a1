package dev.bpftop.freeze;

import dev.bpftop.sql.Plan;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

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
            PlanText.lines(plan).forEach(planTo::println);
            return true;
        };
    }

    /** Non-interactive without --yes: show the plan and say how to go ahead, change nothing. */
    static Confirmation refuse(PrintStream planTo) {
        return plan -> {
            PlanText.lines(plan).forEach(planTo::println);
            planTo.println("bpftop: " + plan.verb() + " changes running processes: pass --yes to go ahead, or --dry-run to only print the plan");
            return false;
        };
    }

    /**
     * Interactive: show the plan, ask, go ahead on "y" or "yes" only. {@code prompt} shows its
     * argument and returns the answer, null at end of input (e.g. JLine's {@code LineReader::readLine}).
     */
    static Confirmation asking(Consumer<String> printLine, Function<String, String> prompt) {
        return plan -> {
            PlanText.lines(plan).forEach(printLine);
            String verb = plan.verb().name().toLowerCase(Locale.ROOT);
            String answer = prompt.apply(Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + " these? [y/N] ");
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        };
    }
}
