-- Zombie processes and the parent that has not reaped them.
SELECT z.pid, z.comm, z.ppid, p.comm AS parent_comm, p.cmdline AS parent_cmdline
FROM processes z
LEFT JOIN processes p ON p.pid = z.ppid
WHERE z.state = 'Z'
ORDER BY z.ppid, z.pid;
