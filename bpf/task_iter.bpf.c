// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One walk over every task in the kernel per read: for each task, one fixed-size record
 * (task_record.h), followed for thread-group leaders by their argv. Two entry points share the
 * body: the sleepable one can copy argv out of each process's memory; the plain one is the
 * fallback for kernels without sleepable task iterators (the collector then reads
 * /proc/PID/cmdline once per new process).
 *
 * Fields are read with plain loads (task->signal->nr_threads), not BPF_CORE_READ: ctx->task is a
 * BTF-typed pointer, so the verifier allows them and turns each pointer chase into a load that
 * tolerates faults, while BPF_CORE_READ costs one bpf_probe_read_kernel call per field — with
 * ~60 fields a task, that made the walk 2.4x slower. Both are CO-RE relocated the same way.
 * BPF_CORE_READ remains where the pointer is not BTF-typed (a struct copied to the stack) and for
 * the flavors of fields that moved.
 */
#include "core.h"
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "task_record.h"

char LICENSE[] SEC("license") = "GPL";

#define PF_WQ_WORKER 0x00000020
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
	char name[2 * COMM_MAX]; /* a kernel thread's name is put together here, then cut to COMM_MAX */
};

/* Too big for the 512-byte BPF stack; one per CPU, and the iterator never runs concurrently on one CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buffer);
} scratch SEC(".maps");

/*
 * Copying argv takes the process's mmap lock and walks its page tables, the largest cost of a
 * walk; most processes keep their argv for life, so each is copied once and then only when it may
 * have changed. Task-local storage (freed with the task, so nothing to clean up) remembers the mm
 * and argv bounds of the last copy: a new mm (exec) or moved bounds (prctl PR_SET_MM_ARG_*) copy
 * again at once. A process that rewrites its argv in place (setproctitle: postgres, sshd) changes
 * none of these, so every copy also expires after 10 to 20 s (the spread, by tgid, keeps the
 * re-copies from bunching into one walk): a retitle shows within 20 s.
 */
#define REFRESH_NS 10000000000ull

struct argv_copy {
	__u64 mm;
	__u64 arg_start;
	__u64 arg_end;
	__u64 expires;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct argv_copy);
} argv_copies SEC(".maps");

/*
 * The iterator's own output (seq_file) hands user space at most 32 KiB per read(), so a walk of
 * n tasks would cost n/100 reads. When the loader sets use_ringbuf, records go to this ring
 * buffer instead, which user space reads from shared memory: the walk then runs within a single
 * read() of the iterator fd that returns nothing. A record the ring has no room for still goes to
 * the seq_file, so nothing is lost when it is full. Left 0 (bpftool pinning the object, as the
 * benchmark does for its floor), everything goes to the seq_file (see struct walk_config).
 */
const volatile struct walk_config config = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} records SEC(".maps");

/*
 * Delta walks (config.delta, the sleepable program): most tasks are as they were at the previous
 * walk, so for each task this program remembers a fingerprint of the last record it sent, in
 * task-local storage. Storage belongs to the map, and each loaded object has its own maps: two
 * bpftop processes (or two collectors in one) never see each other's fingerprints. It is freed
 * with the task, so a new task (a reused pid included) has none and gets a full record; an exec
 * changes self_exec_id and a setuid the ids, so both change the fingerprint.
 */
struct sent_print {
	__u64 print; /* the fingerprint of the last record sent (fingerprint()) */
	__u64 quick; /* what quick_print() gave when it was last sent or found unchanged */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sent_print);
} sent SEC(".maps");

/*
 * Seeds every fingerprint. User space changes it when it no longer holds the rows the program
 * believes it sent (a walk it could not finish taking in): the next walk then sends every task whole.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sent_epoch SEC(".maps");

struct task_struct___oldcpu { unsigned int cpu; };

/*
 * The exact RSS of a process is each percpu_counter's central count plus what every CPU holds
 * back (up to a batch of pages each), at the counter's per-CPU address plus that CPU's per-CPU
 * offset (per_cpu_ptr). The offsets are kernel data no helper hands out and, without
 * CONFIG_KALLSYMS_ALL, no ksym reaches, so the walk measures them: a per-CPU array's element
 * lives at its per-CPU address (bpf_array.pptrs) plus the same offsets, and
 * bpf_map_lookup_percpu_elem gives each CPU's copy. Reading addresses as numbers needs the pointer
 * leaks CAP_PERFMON allows, which loading this program needs anyway. If any step fails (or the
 * loader leaves config.nr_cpus 0), the walk reports the central counts, as /proc/PID/stat does.
 */
#define MAX_CPUS 1024

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cpu_probe SEC(".maps");

/* the offsets, measured once per walk, in the first task's call; cpus_known says how many */
__u64 cpu_offset[MAX_CPUS];
__u32 cpus_known;

/* A pointer's value as a plain number (copied out of the stack slot that holds it). */
static __always_inline __u64 address_of(void *p)
{
	__u64 a = 0;

	bpf_probe_read_kernel(&a, sizeof(a), &p);
	return a;
}

static __always_inline void measure_cpu_offsets(void)
{
	__u64 base = 0, map;
	__u32 zero = 0, cpu;

	cpus_known = 0;
	if (!config.nr_cpus) /* the verifier then drops what follows, helpers older kernels lack included */
		return;
	map = address_of(&cpu_probe);
	if (!map || bpf_probe_read_kernel(&base, sizeof(base), (void *)(map + bpf_core_field_offset(struct bpf_array, pptrs))))
		return;
	for (cpu = 0; cpu < MAX_CPUS && cpu < config.nr_cpus; cpu++) {
		void *copy = bpf_map_lookup_percpu_elem(&cpu_probe, &zero, cpu);

		if (!copy)
			return; /* all or nothing: a partial sum would be neither exact nor the central count */
		cpu_offset[cpu] = address_of(copy) - base;
	}
	cpus_known = cpu;
}

/* The letter /proc/PID/stat shows, as fs/proc/array.c's task_state_index() picks it. */
static __always_inline char state_letter(struct task_struct *task)
{
	unsigned int st, bits, idx = 0;

	if (bpf_core_field_exists(task->__state))
		st = task->__state;
	else
		st = (unsigned int)BPF_CORE_READ((struct task_struct___pre514 *)task, state);
	bits = (st | (unsigned int)task->exit_state) & TASK_REPORT;
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
	major = tty->driver->major;
	minor = tty->driver->minor_start + tty->index;
	/* new_encode_dev() */
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* A percpu_counter's value: exact (percpu_counter_sum) when asked and possible, else its central count. */
static __always_inline s64 counter(struct percpu_counter *fbc, int exact)
{
	s64 sum = fbc->count;
	__u64 percpu;
	__u32 n = cpus_known;

	if (!exact || n != config.nr_cpus)
		return sum;
	percpu = (__u64)BPF_CORE_READ(fbc, counters);
	for (__u32 cpu = 0; cpu < MAX_CPUS && cpu < n; cpu++) {
		s32 held = 0;

		bpf_probe_read_kernel(&held, sizeof(held), (void *)(percpu + cpu_offset[cpu]));
		sum += held;
	}
	return sum;
}

struct rss { __u64 file, anon, shmem; };

/*
 * The three exact sums at once, where the kernel allocated the mm's counters as one per-CPU block
 * (percpu_counter_init_many, 6.7+: counter i's per-CPU s32 at the first's address + 4 i): one read
 * of MM_SHMEMPAGES + 1 s32 per CPU instead of one per counter per CPU, which is most of what exact
 * RSS costs a full walk. 0 (nothing set) where the counters lie apart or the offsets are unknown.
 */
static __always_inline int counters_together(struct mm_struct *mm, struct rss *out)
{
	__u64 first, last;
	__u32 n = cpus_known;
	s64 file, anon, shmem;

	if (n != config.nr_cpus)
		return 0;
	first = (__u64)BPF_CORE_READ(mm, rss_stat[MM_FILEPAGES].counters);
	last = (__u64)BPF_CORE_READ(mm, rss_stat[MM_SHMEMPAGES].counters);
	if (!first || last != first + MM_SHMEMPAGES * sizeof(s32))
		return 0;
	file = mm->rss_stat[MM_FILEPAGES].count;
	anon = mm->rss_stat[MM_ANONPAGES].count;
	shmem = mm->rss_stat[MM_SHMEMPAGES].count;
	for (__u32 cpu = 0; cpu < MAX_CPUS && cpu < n; cpu++) {
		s32 held[MM_SHMEMPAGES + 1] = {};

		bpf_probe_read_kernel(held, sizeof(held), (void *)(first + cpu_offset[cpu]));
		file += held[MM_FILEPAGES];
		anon += held[MM_ANONPAGES];
		shmem += held[MM_SHMEMPAGES];
	}
	out->file = file;
	out->anon = anon;
	out->shmem = shmem;
	return 1;
}

/*
 * Memory figures; exact ones for leaders (a process's row), whose threads share the same mm, so
 * the per-CPU sums are paid once per process. Before 6.2 the counters were atomics, exact as read.
 */
static __always_inline void read_rss(struct rss *out, struct mm_struct *mm, int exact)
{
	if (bpf_core_field_exists(((struct mm_struct___pre62 *)mm)->rss_stat)) {
		/* probe reads: 6.1's verifier cannot walk into the array of typedef'd atomic_long_t */
		struct mm_struct___pre62 *old = (void *)mm;
		out->file = BPF_CORE_READ(old, rss_stat.count[MM_FILEPAGES].counter);
		out->anon = BPF_CORE_READ(old, rss_stat.count[MM_ANONPAGES].counter);
		out->shmem = BPF_CORE_READ(old, rss_stat.count[MM_SHMEMPAGES].counter);
	} else if (!exact || !counters_together(mm, out)) {
		out->file = counter(&mm->rss_stat[MM_FILEPAGES], exact);
		out->anon = counter(&mm->rss_stat[MM_ANONPAGES], exact);
		out->shmem = counter(&mm->rss_stat[MM_SHMEMPAGES], exact);
	}
	/* percpu counters can dip below zero transiently; /proc clamps them the same way */
	if ((__s64)out->file < 0) out->file = 0;
	if ((__s64)out->anon < 0) out->anon = 0;
	if ((__s64)out->shmem < 0) out->shmem = 0;
}

static __always_inline void read_mm(struct task_record *r, struct mm_struct *mm, int exact)
{
	struct rss rss;

	if (!mm)
		return;
	r->flags |= REC_HAS_MM;
	r->total_vm = mm->total_vm;
	read_rss(&rss, mm, exact);
	r->rss_file = rss.file;
	r->rss_anon = rss.anon;
	r->rss_shmem = rss.shmem;
}

/*
 * The name /proc shows for a task (fs/proc/array.c, proc_task_name): the comm, except that a
 * kernel thread shows its full name (kthread->full_name, cut at 15 bytes in comm) and a workqueue
 * worker adds what it last ran, '+' while running it ("kworker/0:1-events"). The struct kthread
 * hangs off worker_private since 5.17 and off set_child_tid before; kernels without full_name
 * (before 6.0) show the comm.
 */
static __always_inline void read_name(struct buffer *buf, struct task_struct *task)
{
	struct task_record *r = &buf->rec;
	struct kthread *kthread;
	struct worker *worker;
	char *full = 0, first = 0;
	long n;

	BPF_CORE_READ_INTO(&r->comm, task, comm);
	if (!(r->flags & REC_KTHREAD))
		return;
	if (bpf_core_field_exists(task->worker_private))
		kthread = (struct kthread *)BPF_CORE_READ(task, worker_private);
	else
		kthread = (struct kthread *)BPF_CORE_READ(task, set_child_tid);
	if (!kthread)
		return;
	if (bpf_core_field_exists(kthread->full_name))
		full = BPF_CORE_READ(kthread, full_name);
	if (full)
		n = bpf_probe_read_kernel_str(buf->name, COMM_MAX, full);
	else
		n = bpf_probe_read_kernel_str(buf->name, COMM_MAX, r->comm);
	if (n <= 0)
		return;
	if (task->flags & PF_WQ_WORKER) {
		worker = BPF_CORE_READ(kthread, data);
		if (worker && BPF_CORE_READ(worker, pool)) {
			bpf_core_read(&first, 1, &worker->desc);
			if (first) {
				long at = (n - 1) & (COMM_MAX - 1); /* the NUL, where the description goes */
				buf->name[at] = BPF_CORE_READ(worker, current_work) ? '+' : '-';
				bpf_probe_read_kernel_str(&buf->name[at + 1], sizeof(worker->desc), &worker->desc);
			}
		}
	}
	/* up to the NUL only: the scratch name holds other tasks' leftovers beyond it, which would change the fingerprint */
	bpf_probe_read_kernel_str(r->comm, COMM_MAX, buf->name);
	r->comm[COMM_MAX - 1] = 0;
}

/*
 * The pointers a task's record follows, each loaded from the task once, before the walk's body
 * branches. The verifier checks every load of a pointer field from ctx->task (a trusted pointer)
 * against the kernel's __safe_trusted / __safe_rcu lists, each check a linear search of vmlinux
 * BTF by name, and it checks a load once per path that reaches it: loaded where each use was,
 * these checks were most of BPF_PROG_LOAD's CPU on kernel 6.18 (bench/README.md, Start-up, stop 30).
 */
struct task_links {
	struct signal_struct *sig;
	struct mm_struct *mm;
	const struct cred *cred;
	struct task_struct *parent;
	struct css_set *cgroups;
	struct nsproxy *ns;
	struct pid *pid;
};

static __always_inline void read_links(struct task_links *l, struct task_struct *task)
{
	l->sig = task->signal;
	l->mm = task->mm;
	l->cred = task->real_cred;
	l->parent = task->real_parent;
	l->cgroups = task->cgroups;
	l->ns = task->nsproxy;
	l->pid = task->thread_pid;
}

static __always_inline void read_namespaces(struct task_record *r, const struct task_links *l)
{
	struct nsproxy *ns = l->ns;
	struct pid *pid = l->pid;

	r->ns_user = l->cred->user_ns->ns.inum;
	if (pid) {
		unsigned int level = pid->level;
		struct upid up;
		/* the pid namespace the task lives in: the innermost of its numbers */
		bpf_core_read(&up, sizeof(up), &pid->numbers[level]);
		r->ns_pid = BPF_CORE_READ(up.ns, ns.inum);
	}
	if (!ns) /* zombies have released their namespaces; /proc shows nothing either */
		return;
	r->ns_net = ns->net_ns->ns.inum;
	r->ns_mnt = ns->mnt_ns->ns.inum;
	r->ns_uts = ns->uts_ns->ns.inum;
	r->ns_ipc = ns->ipc_ns->ns.inum;
	r->ns_cgroup = ns->cgroup_ns->ns.inum;
}

/*
 * A 64-bit fingerprint of a record as it stands before its command line (record_size, cmdline_len
 * and the argv flags still 0), over every field but read_ns, plus the exec count. Each step is a
 * bijection of the running value (xor, multiply by an odd constant, xor-shift), so a record that
 * differs from the previous one in a single word always fingerprints differently; several words
 * changing together collide with odds of about 2^-64.
 */
static __always_inline __u64 mix(__u64 h, __u64 v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 31);
}

static __always_inline __u64 fingerprint(struct task_record *r, __u64 exec_id, __u64 seed)
{
	const __u64 *w = (const __u64 *)r;
	__u64 h = seed ^ exec_id * 0x9e3779b97f4a7c15ull;

	for (int i = 0; i < sizeof(*r) / 8; i++) {
		if (i == __builtin_offsetof(struct task_record, read_ns) / 8)
			continue;
		h = mix(h, w[i]);
	}
	return h;
}

static __always_inline __u32 task_cpu(struct task_struct *task)
{
	if (bpf_core_field_exists(task->thread_info.cpu))
		return task->thread_info.cpu;
	return BPF_CORE_READ((struct task_struct___oldcpu *)task, cpu);
}

/*
 * A delta walk's first look at a task: a fingerprint of a few fields that together move whenever
 * any field of its record can have moved, so that a task whose quick print is as it was when its
 * last record was sent (or found unchanged) is "still here" without reading the rest: its
 * credentials, capabilities, namespaces and kthread name, or hashing 47 words. What the task does
 * itself (an exec, a setuid, setns, prctl, faults, I/O) needs it to run, which moves
 * sum_exec_runtime (ns) and the context switch counts; a wake-up sets its state and CPU before it
 * runs. The rest are what others change while it sleeps: its parent (reparenting), priority,
 * cgroup, process group and session, terminal, comm (another thread of its process
 * may write /proc/PID/task/TID/comm), thread count and exited threads' totals, and its memory (the address space's other
 * threads, reclaim), read as the record reads them, exactly for leaders.
 * Its uid and exec count are in too, though they never change without it running.
 */
static __always_inline __u64 quick_print(struct task_struct *task, const struct task_links *l, __u64 seed)
{
	struct signal_struct *sig = l->sig;
	struct mm_struct *mm = l->mm;
	const struct cred *cred = l->cred;
	__u64 h = seed ^ 0x5bd1e9955bd1e995ull, st;
	__u64 name[2] = {};

	if (bpf_core_field_exists(task->__state))
		st = task->__state;
	else
		st = (unsigned int)BPF_CORE_READ((struct task_struct___pre514 *)task, state);
	h = mix(h, task->se.sum_exec_runtime);
	h = mix(h, task->nvcsw);
	h = mix(h, task->nivcsw);
	h = mix(h, st | (__u64)(unsigned int)task->exit_state << 32);
	h = mix(h, task_cpu(task));
	h = mix(h, (__u64)(unsigned int)task->prio | (__u64)(unsigned int)task->static_prio << 32);
	h = mix(h, (__u64)(unsigned int)l->parent->tgid);
	h = mix(h, l->cgroups->dfl_cgrp->kn->id);
	h = mix(h, (__u64)cred->uid.val | (__u64)cred->euid.val << 32);
	h = mix(h, task->self_exec_id);
	/* another thread or process may rename it through /proc/PID/comm while it sleeps */
	bpf_probe_read_kernel(name, sizeof(name), task->comm);
	h = mix(h, name[0]);
	h = mix(h, name[1]);
	if (sig) {
		h = mix(h, (__u64)(unsigned int)sig->nr_threads | (__u64)tty_nr(sig->tty) << 32);
		h = mix(h, (__u64)(unsigned int)sig->pids[PIDTYPE_PGID]->numbers[0].nr |
			   (__u64)(unsigned int)sig->pids[PIDTYPE_SID]->numbers[0].nr << 32);
		h = mix(h, sig->sum_sched_runtime);
	}
	if (mm) {
		struct rss rss;

		read_rss(&rss, mm, task->pid == task->tgid);
		h = mix(h, mm->total_vm);
		h = mix(h, rss.file);
		h = mix(h, rss.anon);
		h = mix(h, rss.shmem);
	}
	return h;
}

/* Whether the walk would copy this process's argv now (see argv_copies): a new mm, moved bounds, or the copy expired. */
static __always_inline int argv_due(struct task_struct *task, struct mm_struct *mm)
{
	struct argv_copy *last;

	if (!mm || task->pid != task->tgid || (task->flags & PF_KTHREAD))
		return 0;
	last = bpf_task_storage_get(&argv_copies, task, 0, 0);
	return !last || last->mm != (__u64)mm || last->arg_start != mm->arg_start || last->arg_end != mm->arg_end ||
	       bpf_ktime_get_boot_ns() >= last->expires;
}

/* Into the ring buffer, or the seq_file when the ring is full (or off); 0 when the record went out. */
static __always_inline long send_record(struct seq_file *seq, void *data, __u32 size)
{
	if (config.use_ringbuf && bpf_ringbuf_output(&records, data, size, BPF_RB_NO_WAKEUP) == 0)
		return 0;
	return bpf_seq_write(seq, data, size);
}

static __always_inline long send_seen(struct seq_file *seq, __s32 tgid, __s32 tid, __u64 start_boottime)
{
	struct task_seen seen = {
		.record_size = sizeof(seen),
		.flags = REC_UNCHANGED,
		.tgid = tgid,
		.tid = tid,
		.read_ns = bpf_ktime_get_ns(),
		.start_boottime = start_boottime,
	};

	return send_record(seq, &seen, sizeof(seen));
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

	struct task_links links;
	struct sent_print *last_sent = 0;
	__u64 seed = 0, quick = 0, print = 0;

	if (ctx->meta->seq_num == 0)
		measure_cpu_offsets();
	if (!task)
		return 0;
	read_links(&links, task);
	if (sleepable && config.delta) {
		__u64 *epoch = bpf_map_lookup_elem(&sent_epoch, &zero);

		seed = epoch ? *epoch : 0;
		last_sent = bpf_task_storage_get(&sent, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		quick = quick_print(task, &links, seed);
		/* Most tasks of a delta walk end here: the rest of this function is for those that may have changed. */
		if (last_sent && last_sent->quick == quick && !argv_due(task, links.mm)) {
			send_seen(seq, task->tgid, task->pid, task->start_boottime);
			return 0;
		}
	}
	buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
	r = &buf->rec;
	__builtin_memset(r, 0, sizeof(*r));

	r->tgid = task->tgid;
	r->tid = task->pid;
	r->ppid = links.parent->tgid;
	r->flags = (task->flags & PF_KTHREAD) ? REC_KTHREAD : 0;
	r->state = state_letter(task);
	read_name(buf, task);
	r->prio = task->prio;
	r->static_prio = task->static_prio;
	r->cpu = task_cpu(task);

	cred = links.cred;
	r->uid = cred->uid.val;
	r->euid = cred->euid.val;
	r->suid = cred->suid.val;
	r->gid = cred->gid.val;
	r->egid = cred->egid.val;
	r->sgid = cred->sgid.val;
	/* kernel_cap_t is a u64 since 6.3 and u32[2] before: only the member is relocated, and its 8 bytes load as one */
	r->cap_eff = *(const u64 *)&cred->cap_effective;
	r->cap_prm = *(const u64 *)&cred->cap_permitted;

	r->utime = task->utime;
	r->stime = task->stime;
	r->runtime = task->se.sum_exec_runtime;
	/* when, for this task's cpu_pct: a walk can take tens of milliseconds (copying argv) */
	r->read_ns = bpf_ktime_get_ns();
	r->start_boottime = task->start_boottime;
	r->min_flt = task->min_flt;
	r->maj_flt = task->maj_flt;
	r->nvcsw = task->nvcsw;
	r->nivcsw = task->nivcsw;
	if (bpf_core_field_exists(task->ioac)) {
		r->flags |= REC_HAS_IO;
		r->read_bytes = task->ioac.read_bytes;
		r->write_bytes = task->ioac.write_bytes;
	}

	sig = links.sig;
	if (sig) {
		r->nr_threads = sig->nr_threads;
		r->pgid = sig->pids[PIDTYPE_PGID]->numbers[0].nr;
		r->sid = sig->pids[PIDTYPE_SID]->numbers[0].nr;
		r->tty_nr = tty_nr(sig->tty);
		r->sig_utime = sig->utime;
		r->sig_stime = sig->stime;
		r->sig_runtime = sig->sum_sched_runtime;
		r->sig_min_flt = sig->min_flt;
		r->sig_maj_flt = sig->maj_flt;
		if (bpf_core_field_exists(sig->ioac)) {
			r->sig_read_bytes = sig->ioac.read_bytes;
			r->sig_write_bytes = sig->ioac.write_bytes;
		}
	}
	r->cgroup_id = links.cgroups->dfl_cgrp->kn->id;
	read_namespaces(r, &links);

	struct mm_struct *mm = links.mm;
	read_mm(r, mm, r->tgid == r->tid);

	if (last_sent)
		print = fingerprint(r, task->self_exec_id, seed);

	if (sleepable && mm && r->tgid == r->tid && !(r->flags & REC_KTHREAD)) {
		unsigned long start = mm->arg_start;
		unsigned long end = mm->arg_end;
		unsigned long n = end > start ? end - start : 0;
		struct argv_copy *last = bpf_task_storage_get(&argv_copies, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		__u64 now = bpf_ktime_get_boot_ns();

		if (last && last->mm == (__u64)mm && last->arg_start == start && last->arg_end == end && now < last->expires) {
			r->flags |= REC_CMDLINE_SAME;
		} else {
			if (n > CMDLINE_MAX) {
				n = CMDLINE_MAX;
				r->flags |= REC_CMDLINE_CUT;
			}
			len = n;
			if (bpf_copy_from_user_task(buf->cmdline, len, (void *)start, task, 0) == 0) {
				r->flags |= REC_CMDLINE;
				if (last) {
					last->mm = (__u64)mm;
					last->arg_start = start;
					last->arg_end = end;
					/* multiplicative hash of the tgid, scaled to [0, REFRESH_NS) */
					last->expires = now + REFRESH_NS + (((__u64)((__u32)r->tgid * 2654435761u) * REFRESH_NS) >> 32);
				}
			} else {
				len = 0;
			}
		}
	}
	/* Unchanged, and no argv copied this walk (one is due every 10-20 s): "still here" is enough. */
	if (last_sent && last_sent->print == print && !(r->flags & REC_CMDLINE)) {
		struct task_seen seen = {
			.record_size = sizeof(seen),
			.flags = REC_UNCHANGED,
			.tgid = r->tgid,
			.tid = r->tid,
			.read_ns = r->read_ns,
			.start_boottime = r->start_boottime,
		};
		if (send_record(seq, &seen, sizeof(seen)) == 0)
			last_sent->quick = quick;
		return 0;
	}
	r->cmdline_len = len;
	r->record_size = sizeof(*r) + len;
	if (len > CMDLINE_MAX) /* never true; restates the bound at the call */
		return 0;
	/*
	 * Remembered only once it went out: a record the seq_file had no room for is shown again by
	 * the next read(), and must then go out whole again.
	 */
	if (send_record(seq, buf, sizeof(*r) + len) == 0 && last_sent) {
		last_sent->print = print;
		last_sent->quick = quick;
	}
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
