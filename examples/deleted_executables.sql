-- Processes still running an executable that was deleted or replaced (e.g. after an upgrade).
SELECT pid, username, comm, exe
FROM processes
WHERE on_disk = FALSE
ORDER BY pid;
