-- Processes with the most threads, and how many of those threads are running right now.
SELECT p.pid, p.comm, p.threads, sum(CASE WHEN t.state = 'R' THEN 1 ELSE 0 END) AS running
FROM processes p JOIN threads t ON t.pid = p.pid
GROUP BY p.pid, p.comm, p.threads
ORDER BY p.threads DESC, p.pid
LIMIT 10;
