-- Every descendant of a process (here PID 1; change the number), with its depth, via a recursive query.
WITH RECURSIVE tree (pid, ppid, depth, comm) AS (
  SELECT pid, ppid, 0, comm FROM processes WHERE pid = 1
  UNION ALL
  SELECT p.pid, p.ppid, t.depth + 1, p.comm
  FROM processes p JOIN tree t ON p.ppid = t.pid
)
SELECT pid, ppid, depth, repeat('  ', depth) || comm AS tree
FROM tree
ORDER BY depth, pid;
