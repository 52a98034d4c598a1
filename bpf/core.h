/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The few kernel structures the task iterator reads, declared by hand with only the fields it
 * uses. preserve_access_index makes every access a CO-RE relocation: libbpf finds the real offset
 * in the running kernel's BTF at load time, so one object works on every kernel with BTF.
 * Names with a ___suffix are alternative shapes of the same kernel struct (CO-RE "flavors").
 */
#ifndef BPFTOP_CORE_H
#define BPFTOP_CORE_H

#include <linux/types.h>

typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
typedef int pid_t;

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct ns_common { unsigned int inum; };
struct uts_namespace { struct ns_common ns; };
struct ipc_namespace { struct ns_common ns; };
struct mnt_namespace { struct ns_common ns; };
struct net { struct ns_common ns; };
struct cgroup_namespace { struct ns_common ns; };
struct pid_namespace { struct ns_common ns; };
struct user_namespace { struct ns_common ns; };

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct net *net_ns;
	struct cgroup_namespace *cgroup_ns;
};

struct upid { int nr; struct pid_namespace *ns; };
struct pid { unsigned int level; struct upid numbers[1]; };

typedef struct { u32 val; } kuid_t;
typedef struct { u32 val; } kgid_t;
/*
 * u64 since 6.3, u32[2] before: either way 8 bytes, read as one little-endian u64 through the
 * member's address (a relocation naming .val would find no such field before 6.3).
 */
typedef struct { u64 val; } kernel_cap_t;

struct cred {
	kuid_t uid, suid, euid;
	kgid_t gid, sgid, egid;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
	struct user_namespace *user_ns;
};

struct task_io_accounting { u64 read_bytes; u64 write_bytes; };

struct tty_driver { int major; int minor_start; };
struct tty_struct { int index; struct tty_driver *driver; };

struct signal_struct {
	int nr_threads;
	struct pid *pids[4];
	struct tty_struct *tty;
	u64 utime, stime;
	unsigned long min_flt, maj_flt;
	struct task_io_accounting ioac;
	unsigned long long sum_sched_runtime;
};

/*
 * Since 6.2 the RSS counters are percpu_counters: count is the central value, and each CPU holds
 * up to a batch of pages not yet folded into it (the walk adds them up, as /proc/PID/status does).
 */
struct percpu_counter { s64 count; s32 *counters; };
struct mm_struct {
	unsigned long total_vm;
	unsigned long arg_start, arg_end;
	struct percpu_counter rss_stat[4];
};

/* Before 6.2: an array of atomics inside struct mm_rss_stat. */
typedef struct { long counter; } atomic_long_t;
struct mm_rss_stat___pre62 { atomic_long_t count[4]; };
struct mm_struct___pre62 { struct mm_rss_stat___pre62 rss_stat; };

/* A BPF array map; for a per-CPU one, pptrs holds each element's per-CPU address. */
struct bpf_array { void *pptrs[0]; };

struct kernfs_node { u64 id; };
struct cgroup { struct kernfs_node *kn; };
struct css_set { struct cgroup *dfl_cgrp; };

struct sched_entity { u64 sum_exec_runtime; };
struct thread_info { u32 cpu; };

/* Kernel threads' full names (kernel/kthread.c) and workqueue workers' descriptions (workqueue_internal.h). */
struct kthread { void *data; char *full_name; };
struct work_struct;
struct worker_pool;
struct worker { struct work_struct *current_work; struct worker_pool *pool; char desc[32]; };

struct task_struct {
	struct thread_info thread_info;
	unsigned int __state;
	unsigned int flags;
	int prio, static_prio;
	struct sched_entity se;
	struct mm_struct *mm;
	int exit_state;
	pid_t pid, tgid;
	struct task_struct *real_parent;
	struct pid *thread_pid;
	u64 utime, stime;
	unsigned long nvcsw, nivcsw;
	u64 start_boottime;
	unsigned long min_flt, maj_flt;
	const struct cred *real_cred;
	char comm[16];
	struct nsproxy *nsproxy;
	struct signal_struct *signal;
	struct task_io_accounting ioac;
	struct css_set *cgroups;
	u64 self_exec_id;       /* counts the task's execs */
	int *set_child_tid;     /* a kernel thread's struct kthread before 5.17 */
	void *worker_private;   /* ... and since */
};

/* Before 5.14 the state field was a volatile long named "state". */
struct task_struct___pre514 { long state; };

struct seq_file;
struct bpf_iter_meta { struct seq_file *seq; u64 session_id; u64 seq_num; };
struct bpf_iter__task { struct bpf_iter_meta *meta; struct task_struct *task; };

#pragma clang attribute pop

#endif
