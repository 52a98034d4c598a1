-- The ten busiest processes right now (cpu_pct is measured over a short sample; see --sample).
SELECT pid, username, cpu_pct, mem_pct, comm, cmdline
FROM processes
ORDER BY cpu_pct DESC, cpu_time DESC
LIMIT 10;
