-- Processes of each container, with the name its runtime gives it and what it costs.
SELECT c.name, c.runtime, p.pid, p.comm, p.cpu_pct, p.rss / 1048576 AS rss_mib, p.cgroup
FROM containers c JOIN processes p ON p.container_id = c.id
ORDER BY c.name, p.pid;
