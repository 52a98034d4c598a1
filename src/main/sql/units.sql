-- Processes, threads, CPU and memory per systemd unit: what is eating my CPU
SELECT unit, slice, count(*) AS processes, sum(threads) AS threads,
       round(sum(cpu_pct), 2) AS cpu_pct, sum(rss) AS rss
FROM processes
WHERE unit IS NOT NULL
GROUP BY unit, slice
ORDER BY cpu_pct DESC, rss DESC
