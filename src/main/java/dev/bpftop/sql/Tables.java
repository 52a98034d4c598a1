package dev.bpftop.sql;

import java.util.List;

/** Every table bpftop offers, in the order `.tables` lists them. Add a table here and nowhere else. */
public final class Tables {
    private Tables() {}

    public static List<TableDef<?>> all() {
        return List.of(ProcessesTable.def(), ThreadsTable.def(), SystemTable.def(), CgroupsTable.def(),
                ContainersTable.def(), GpuTables.gpus(), GpuTables.gpuProcesses());
    }
}
