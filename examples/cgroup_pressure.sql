-- Cgroups whose tasks waited longest for CPU, memory or I/O over the last 10 seconds (PSI).
SELECT path, unit, cpu_some_avg10, memory_some_avg10, io_some_avg10, processes
FROM cgroups
WHERE cpu_some_avg10 > 0 OR memory_some_avg10 > 0 OR io_some_avg10 > 0
ORDER BY coalesce(cpu_some_avg10, 0) + coalesce(memory_some_avg10, 0) + coalesce(io_some_avg10, 0) DESC
LIMIT 10;
