-- Resident memory and process count per user, largest first.
SELECT username, count(*) AS processes, sum(rss) / 1048576 AS rss_mib, round(sum(mem_pct), 1) AS mem_pct
FROM processes
WHERE NOT kernel_thread
GROUP BY username
ORDER BY rss_mib DESC;
