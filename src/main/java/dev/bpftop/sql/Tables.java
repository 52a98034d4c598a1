package dev.bpftop.sql;

import java.util.List;
import java.util.Optional;

/** Every table bpftop offers, in the order `.tables` lists them. Add a table here and nowhere else. */
public final class Tables {
    private Tables() {}

    public static List<TableDef<?>> all() {
        return List.of(ProcessesTable.def(), ThreadsTable.def(), SystemTable.def(), CgroupsTable.def(),
                ContainersTable.def(), GpuTables.gpus(), GpuTables.gpuProcesses(),
                OpenFilesTable.def(), SocketsTable.def());
    }

    public static Optional<TableDef<?>> named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
