/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The record the task iterator writes for every task, declared once. The Java side
 * (dev.bpftop.bpf.TaskRecord) reads the same layout: little-endian, naturally aligned, no
 * implicit padding, offsets listed in the comments. Each record is followed by cmdline_len
 * bytes of the process's argv (NUL-separated, leaders only), and record_size says where the
 * next record starts.
 *
 * Counters are the task's own; the sig_* fields are the thread group's totals for threads that
 * already exited (signal_struct), which /proc adds to the live threads' sum for a process.
 * Times are nanoseconds, memory figures are pages, start_boottime is ns after boot.
 */
#ifndef BPFTOP_TASK_RECORD_H
#define BPFTOP_TASK_RECORD_H

#define TASK_COMM_LEN 16
/* argv bytes copied per process; longer command lines are cut, as ps cuts them. */
#define CMDLINE_MAX 4096

/* flags */
#define REC_HAS_IO        0x1 /* read_bytes/write_bytes are valid (CONFIG_TASK_IO_ACCOUNTING) */
#define REC_CMDLINE       0x2 /* cmdline was read from the task's memory: use it, even if empty */
#define REC_KTHREAD       0x4 /* PF_KTHREAD */
#define REC_CMDLINE_SAME  0x8 /* argv unchanged since this walk's program last copied it: no bytes follow */

struct task_record {
	__u32 record_size;     /*   0: this record plus its cmdline bytes */
	__u32 cmdline_len;     /*   4 */
	__u32 flags;           /*   8: REC_* */
	__s32 tgid;            /*  12 */
	__s32 tid;             /*  16 */
	__s32 ppid;            /*  20 */
	__s32 pgid;            /*  24 */
	__s32 sid;             /*  28 */
	__u32 uid, euid, suid; /*  32, 36, 40 */
	__u32 gid, egid, sgid; /*  44, 48, 52 */
	__s32 prio;            /*  56: kernel prio; /proc priority = prio - 100 */
	__s32 static_prio;     /*  60: nice = static_prio - 120 */
	__s32 nr_threads;      /*  64 */
	__u32 tty_nr;          /*  68: encoded like /proc/PID/stat's tty_nr */
	__u32 cpu;             /*  72 */
	char state;            /*  76: R S D T t X Z P I as in /proc */
	char pad[3];           /*  77 */
	char comm[TASK_COMM_LEN]; /* 80 */
	__u64 utime;           /*  96 */
	__u64 stime;           /* 104 */
	__u64 runtime;         /* 112: se.sum_exec_runtime */
	__u64 sig_utime;       /* 120 */
	__u64 sig_stime;       /* 128 */
	__u64 sig_runtime;     /* 136: signal->sum_sched_runtime */
	__u64 start_boottime;  /* 144 */
	__u64 total_vm;        /* 152: pages */
	__u64 rss_file;        /* 160: pages */
	__u64 rss_anon;        /* 168: pages */
	__u64 rss_shmem;       /* 176: pages */
	__u64 min_flt;         /* 184 */
	__u64 maj_flt;         /* 192 */
	__u64 sig_min_flt;     /* 200 */
	__u64 sig_maj_flt;     /* 208 */
	__u64 nvcsw;           /* 216 */
	__u64 nivcsw;          /* 224 */
	__u64 read_bytes;      /* 232 */
	__u64 write_bytes;     /* 240 */
	__u64 sig_read_bytes;  /* 248 */
	__u64 sig_write_bytes; /* 256 */
	__u64 cgroup_id;       /* 264: kernfs id of the default-hierarchy cgroup */
	__u64 cap_eff;         /* 272 */
	__u64 cap_prm;         /* 280 */
	__u32 ns_pid, ns_net, ns_mnt, ns_uts; /* 288, 292, 296, 300 */
	__u32 ns_ipc, ns_cgroup, ns_user;     /* 304, 308, 312 */
	__u32 pad2;            /* 316 */
};                         /* 320 bytes */

#endif
