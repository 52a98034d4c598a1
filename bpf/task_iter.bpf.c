// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One walk over every task in the kernel per read: for each task, one fixed-size record
 * (task_record.h), followed for thread-group leaders by their argv. Two entry points share the
 * body: the sleepable one can copy argv out of each process's memory; the plain one is the
 * fallback for kernels without sleepable task iterators (the collector then reads
 * /proc/PID/cmdline once per new process).
 */
#include "core.h"
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "task_record.h"

char LICENSE[] SEC("license") = "GPL";

#define PF_KTHREAD 0x00200000
#define PIDTYPE_PGID 2
#define PIDTYPE_SID 3
#define MM_FILEPAGES 0
#define MM_ANONPAGES 1
#define MM_SHMEMPAGES 3

/* task states, stable across kernels (include/linux/sched.h) */
#define TASK_REPORT 0x7f
#define TASK_UNINTERRUPTIBLE 0x2
#define TASK_NOLOAD 0x400
#define TASK_IDLE (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_RTLOCK_WAIT 0x1000
#define TASK_FROZEN 0x8000

struct buffer {
	struct task_record rec;
	char cmdline[CMDLINE_MAX];
};

/* Too big for the 512-byte BPF stack; one per CPU, and the iterator never runs concurrently on one CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buffer);
} scratch SEC(".maps");

struct task_struct___oldcpu { unsigned int cpu; };

/* The letter /proc/PID/stat shows, as fs/proc/array.c's task_state_index() picks it. */
static __always_inline char state_letter(struct task_struct *task)
{
	unsigned int st, bits, idx = 0;

	if (bpf_core_field_exists(task->__state))
		st = BPF_CORE_READ(task, __state);
	else
		st = (unsigned int)BPF_CORE_READ((struct task_struct___pre514 *)task, state);
	bits = (st | (unsigned int)BPF_CORE_READ(task, exit_state)) & TASK_REPORT;
	if ((st & TASK_IDLE) == TASK_IDLE)
		bits = TASK_REPORT + 1;
	if ((st & TASK_RTLOCK_WAIT) || (st & TASK_FROZEN))
		bits = TASK_UNINTERRUPTIBLE;
	/* fls(): index of the highest set bit, 1-based; 0 when none */
	for (int i = 0; i < 9; i++)
		if (bits & (1u << i))
			idx = i + 1;
	return "RSDTtXZPI"[idx];
}

static __always_inline __u32 tty_nr(struct tty_struct *tty)
{
	unsigned int major, minor;

	if (!tty)
		return 0;
	major = BPF_CORE_READ(tty, driver, major);
	minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	/* new_encode_dev() */
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline void read_mm(struct task_record *r, struct mm_struct *mm)
{
	if (!mm)
		return;
	r->total_vm = BPF_CORE_READ(mm, total_vm);
	if (bpf_core_field_exists(((struct mm_struct___pre62 *)mm)->rss_stat)) {
		struct mm_struct___pre62 *old = (void *)mm;
		r->rss_file = BPF_CORE_READ(old, rss_stat.count[MM_FILEPAGES].counter);
		r->rss_anon = BPF_CORE_READ(old, rss_stat.count[MM_ANONPAGES].counter);
		r->rss_shmem = BPF_CORE_READ(old, rss_stat.count[MM_SHMEMPAGES].counter);
	} else {
		r->rss_file = BPF_CORE_READ(mm, rss_stat[MM_FILEPAGES].count);
		r->rss_anon = BPF_CORE_READ(mm, rss_stat[MM_ANONPAGES].count);
		r->rss_shmem = BPF_CORE_READ(mm, rss_stat[MM_SHMEMPAGES].count);
	}
	/* percpu counters can dip below zero transiently; /proc clamps them the same way */
	if ((__s64)r->rss_file < 0) r->rss_file = 0;
	if ((__s64)r->rss_anon < 0) r->rss_anon = 0;
	if ((__s64)r->rss_shmem < 0) r->rss_shmem = 0;
}

static __always_inline void read_namespaces(struct task_record *r, struct task_struct *task)
{
	struct nsproxy *ns = BPF_CORE_READ(task, nsproxy);
	struct pid *pid = BPF_CORE_READ(task, thread_pid);

	r->ns_user = BPF_CORE_READ(task, real_cred, user_ns, ns.inum);
	if (pid) {
		unsigned int level = BPF_CORE_READ(pid, level);
		struct upid up;
		/* the pid namespace the task lives in: the innermost of its numbers */
		bpf_core_read(&up, sizeof(up), &pid->numbers[level]);
		r->ns_pid = BPF_CORE_READ(up.ns, ns.inum);
	}
	if (!ns) /* zombies have released their namespaces; /proc shows nothing either */
		return;
	r->ns_net = BPF_CORE_READ(ns, net_ns, ns.inum);
	r->ns_mnt = BPF_CORE_READ(ns, mnt_ns, ns.inum);
	r->ns_uts = BPF_CORE_READ(ns, uts_ns, ns.inum);
	r->ns_ipc = BPF_CORE_READ(ns, ipc_ns, ns.inum);
	r->ns_cgroup = BPF_CORE_READ(ns, cgroup_ns, ns.inum);
}

static __always_inline int dump_task(struct bpf_iter__task *ctx, const int sleepable)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct signal_struct *sig;
	const struct cred *cred;
	struct task_record *r;
	struct buffer *buf;
	__u32 zero = 0, len = 0;

	if (!task)
		return 0;
	buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
	r = &buf->rec;
	__builtin_memset(r, 0, sizeof(*r));

	r->tgid = BPF_CORE_READ(task, tgid);
	r->tid = BPF_CORE_READ(task, pid);
	r->ppid = BPF_CORE_READ(task, real_parent, tgid);
	r->flags = (BPF_CORE_READ(task, flags) & PF_KTHREAD) ? REC_KTHREAD : 0;
	r->state = state_letter(task);
	BPF_CORE_READ_INTO(&r->comm, task, comm);
	r->prio = BPF_CORE_READ(task, prio);
	r->static_prio = BPF_CORE_READ(task, static_prio);
	if (bpf_core_field_exists(task->thread_info.cpu))
		r->cpu = BPF_CORE_READ(task, thread_info.cpu);
	else
		r->cpu = BPF_CORE_READ((struct task_struct___oldcpu *)task, cpu);

	cred = BPF_CORE_READ(task, real_cred);
	r->uid = BPF_CORE_READ(cred, uid.val);
	r->euid = BPF_CORE_READ(cred, euid.val);
	r->suid = BPF_CORE_READ(cred, suid.val);
	r->gid = BPF_CORE_READ(cred, gid.val);
	r->egid = BPF_CORE_READ(cred, egid.val);
	r->sgid = BPF_CORE_READ(cred, sgid.val);
	r->cap_eff = BPF_CORE_READ(cred, cap_effective.val);
	r->cap_prm = BPF_CORE_READ(cred, cap_permitted.val);

	r->utime = BPF_CORE_READ(task, utime);
	r->stime = BPF_CORE_READ(task, stime);
	r->runtime = BPF_CORE_READ(task, se.sum_exec_runtime);
	r->start_boottime = BPF_CORE_READ(task, start_boottime);
	r->min_flt = BPF_CORE_READ(task, min_flt);
	r->maj_flt = BPF_CORE_READ(task, maj_flt);
	r->nvcsw = BPF_CORE_READ(task, nvcsw);
	r->nivcsw = BPF_CORE_READ(task, nivcsw);
	if (bpf_core_field_exists(task->ioac)) {
		r->flags |= REC_HAS_IO;
		r->read_bytes = BPF_CORE_READ(task, ioac.read_bytes);
		r->write_bytes = BPF_CORE_READ(task, ioac.write_bytes);
	}

	sig = BPF_CORE_READ(task, signal);
	if (sig) {
		r->nr_threads = BPF_CORE_READ(sig, nr_threads);
		r->pgid = BPF_CORE_READ(sig, pids[PIDTYPE_PGID], numbers[0].nr);
		r->sid = BPF_CORE_READ(sig, pids[PIDTYPE_SID], numbers[0].nr);
		r->tty_nr = tty_nr(BPF_CORE_READ(sig, tty));
		r->sig_utime = BPF_CORE_READ(sig, utime);
		r->sig_stime = BPF_CORE_READ(sig, stime);
		r->sig_runtime = BPF_CORE_READ(sig, sum_sched_runtime);
		r->sig_min_flt = BPF_CORE_READ(sig, min_flt);
		r->sig_maj_flt = BPF_CORE_READ(sig, maj_flt);
		if (bpf_core_field_exists(sig->ioac)) {
			r->sig_read_bytes = BPF_CORE_READ(sig, ioac.read_bytes);
			r->sig_write_bytes = BPF_CORE_READ(sig, ioac.write_bytes);
		}
	}
	r->cgroup_id = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id);
	read_namespaces(r, task);

	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	read_mm(r, mm);

	if (sleepable && mm && r->tgid == r->tid && !(r->flags & REC_KTHREAD)) {
		unsigned long start = BPF_CORE_READ(mm, arg_start);
		unsigned long end = BPF_CORE_READ(mm, arg_end);
		unsigned long n = end > start ? end - start : 0;

		if (n > CMDLINE_MAX)
			n = CMDLINE_MAX;
		len = n;
		if (bpf_copy_from_user_task(buf->cmdline, len, (void *)start, task, 0) == 0)
			r->flags |= REC_CMDLINE;
		else
			len = 0;
	}
	r->cmdline_len = len;
	r->record_size = sizeof(*r) + len;
	if (len > CMDLINE_MAX) /* never true; restates the bound at the call */
		return 0;
	bpf_seq_write(seq, buf, sizeof(*r) + len);
	return 0;
}

SEC("iter.s/task")
int dump_task_sleepable(struct bpf_iter__task *ctx)
{
	return dump_task(ctx, 1);
}

SEC("iter/task")
int dump_task_plain(struct bpf_iter__task *ctx)
{
	return dump_task(ctx, 0);
}
