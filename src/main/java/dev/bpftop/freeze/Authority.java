package dev.bpftop.freeze;

import dev.bpftop.sql.Plan;
import dev.bpftop.sql.SqlError;

/**
 * Whether whoever asked may have a FREEZE/THAW plan applied. A person at their own terminal may
 * (the kernel still checks their rights on cgroupfs); the agent asks on behalf of its peers.
 */
@FunctionalInterface
public interface Authority {
    Authority ANYONE = plan -> {};

    /** @throws SqlError one line saying why the plan may not be applied; nothing has changed */
    void permit(Plan plan) throws SqlError;
}
