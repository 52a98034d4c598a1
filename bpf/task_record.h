/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The record the task iterator writes for every task, declared once. The Java side reads it
 * through dev.bpftop.bpf.TaskRecordLayout, which the build generates from this header
 * (bpf/record_layout.c), and the BPF compile checks its own offsets against the same generated
 * figures: a field added, moved or resized here changes both sides or fails the build.
 * Little-endian, naturally aligned, no implicit padding. Each record is followed by cmdline_len
 * bytes of the process's argv (NUL-separated, leaders only), and record_size says where the next
 * record starts.
 *
 * Counters are the task's own; the sig_* fields are the thread group's totals for threads that
 * already exited (signal_struct), which /proc adds to the live threads' sum for a process.
 * Times are nanoseconds, memory figures are pages, start_boottime is ns after boot.
 */
#ifndef BPFTOP_TASK_RECORD_H
#define BPFTOP_TASK_RECORD_H

/* The name /proc shows: the 15-byte comm, or a kernel thread's full name (tcomm[64] in fs/proc). */
#define COMM_MAX 64
/* argv bytes copied per process; a longer one is flagged REC_CMDLINE_CUT and read whole from /proc. */
#define CMDLINE_MAX 4096

/* flags */
#define REC_HAS_IO        0x1  /* read_bytes/write_bytes are valid (CONFIG_TASK_IO_ACCOUNTING) */
#define REC_CMDLINE       0x2  /* cmdline was read from the task's memory: use it, even if empty */
#define REC_KTHREAD       0x4  /* PF_KTHREAD */
#define REC_CMDLINE_SAME  0x8  /* argv unchanged since this walk's program last copied it: no bytes follow */
#define REC_HAS_MM        0x10 /* the task has an address space: total_vm and rss_* are valid */
#define REC_CMDLINE_CUT   0x20 /* argv is longer than CMDLINE_MAX: only its start follows */
#define REC_UNCHANGED     0x40 /* a struct task_seen, not a task_record (delta walks, below) */

struct task_record {
	__u32 record_size;     /* this record plus its cmdline bytes */
	__u32 cmdline_len;
	__u32 flags;           /* REC_* */
	__s32 tgid;
	__s32 tid;
	__s32 ppid;
	__s32 pgid;
	__s32 sid;
	__u32 uid, euid, suid;
	__u32 gid, egid, sgid;
	__s32 prio;            /* kernel prio; /proc priority = prio - 100 */
	__s32 static_prio;     /* nice = static_prio - 120 */
	__s32 nr_threads;
	__u32 tty_nr;          /* encoded like /proc/PID/stat's tty_nr */
	__u32 cpu;
	char state;            /* R S D T t X Z P I as in /proc */
	char pad[3];
	__u64 read_ns;         /* CLOCK_MONOTONIC when runtime was read: each task's cpu_pct interval */
	__u64 utime;
	__u64 stime;
	__u64 runtime;         /* se.sum_exec_runtime */
	__u64 sig_utime;
	__u64 sig_stime;
	__u64 sig_runtime;     /* signal->sum_sched_runtime */
	__u64 start_boottime;
	__u64 total_vm;        /* pages */
	__u64 rss_file;        /* pages; for leaders the exact sum of the per-CPU counters where it can be read */
	__u64 rss_anon;        /* pages */
	__u64 rss_shmem;       /* pages */
	__u64 min_flt;
	__u64 maj_flt;
	__u64 sig_min_flt;
	__u64 sig_maj_flt;
	__u64 nvcsw;
	__u64 nivcsw;
	__u64 read_bytes;
	__u64 write_bytes;
	__u64 sig_read_bytes;
	__u64 sig_write_bytes;
	__u64 cgroup_id;       /* kernfs id of the default-hierarchy cgroup */
	__u64 cap_eff;
	__u64 cap_prm;
	__u32 ns_pid, ns_net, ns_mnt, ns_uts;
	__u32 ns_ipc, ns_cgroup, ns_user;
	__u32 pad2;
	char comm[COMM_MAX];   /* NUL-terminated */
};

_Static_assert(sizeof(struct task_record) % 8 == 0, "records follow each other 8-byte aligned");

/*
 * The second record kind. A delta walk sends a task_record only for a task whose fields (all but
 * read_ns) differ from the last record this loaded program sent for it; for the rest it sends this
 * "still here": the head every record starts with (record_size, cmdline_len, flags = REC_UNCHANGED,
 * tgid, tid), when the task was read (its cpu_pct interval), and its start time, so user space can
 * check it holds the row of this very task and not of an earlier one with the same pid.
 */
struct task_seen {
	__u32 record_size;     /* sizeof(struct task_seen) */
	__u32 cmdline_len;     /* 0 */
	__u32 flags;           /* REC_UNCHANGED */
	__s32 tgid;
	__s32 tid;
	__u32 pad;
	__u64 read_ns;
	__u64 start_boottime;
};

#define SAME_HEAD(f) _Static_assert(__builtin_offsetof(struct task_seen, f) == __builtin_offsetof(struct task_record, f), \
				    "user space reads the head of either record kind at the same offsets")
SAME_HEAD(record_size);
SAME_HEAD(cmdline_len);
SAME_HEAD(flags);
SAME_HEAD(tgid);
SAME_HEAD(tid);
#undef SAME_HEAD
_Static_assert(sizeof(struct task_seen) % 8 == 0, "records follow each other 8-byte aligned");

/*
 * What the loader sets before loading (the program's only .rodata): the verifier knows these
 * values and drops the branches they rule out.
 */
struct walk_config {
	__u32 use_ringbuf; /* records go to the ring buffer; 0 (bpftool pinning the object) keeps them in the seq_file */
	__u32 nr_cpus;     /* possible CPUs, for exact RSS sums; 0 reports the counters' central values */
	__u32 delta;       /* send unchanged tasks as task_seen (the sleepable program only); 0 sends every record whole */
};

#endif
