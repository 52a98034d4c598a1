-- Who uses the GPUs: each process's memory and SM share on every device, biggest first.
SELECT g.gpu_index, d.name AS gpu, g.pid, p.username, p.comm, g.type,
       g.used_memory / 1048576 AS mem_mib, g.sm_util, p.cmdline
FROM gpu_processes g
JOIN gpus d ON d.gpu_index = g.gpu_index
LEFT JOIN processes p ON p.pid = g.pid
ORDER BY g.used_memory DESC NULLS LAST, g.gpu_index;
