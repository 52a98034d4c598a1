-- Processes by CPU use, busiest first (cpu_pct over the sampling interval)
SELECT pid, username, priority, nice, vsz, rss, shared, state, cpu_pct, mem_pct, cpu_time, comm, cmdline
FROM processes
WHERE NOT kernel_thread
ORDER BY cpu_pct DESC, cpu_time DESC
