-- Processes, threads, CPU and memory per user
SELECT username, uid, count(*) AS processes, sum(threads) AS threads,
       round(sum(cpu_pct), 2) AS cpu_pct, sum(rss) AS rss, round(sum(mem_pct), 2) AS mem_pct
FROM processes
GROUP BY username, uid
ORDER BY rss DESC
