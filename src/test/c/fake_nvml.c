/*
 * Stand-in for libnvidia-ml.so.1 in tests: the NVML functions bpftop calls, with NVML's signatures
 * and struct layouts (nvml.h, NVML API 12), returning scripted values. No NVIDIA code is used.
 *
 * Two devices. Device 1 has no temperature sensor and no fan (NVML_ERROR_NOT_SUPPORTED), as on a
 * passively cooled data-centre card. What varies per test comes from a script next to the library,
 * "<library path>.script", read by nvmlInit_v2:
 *
 *   init CODE                          nvmlInit_v2 returns CODE (0 = success)
 *   compute DEV PID BYTES              a compute process on device DEV using BYTES of memory
 *   graphics DEV PID BYTES             a graphics process
 *   trace                              append the name of each NVML call to "<library path>.trace"
 *   procs_error DEV CODE               both process lists of device DEV fail with CODE
 *   util DEV PID AGE_MS SM MEM ENC DEC   a process utilization sample taken AGE_MS before each query
 *                                        for it (NVML's timestamps are wall-clock microseconds)
 *
 * Build: gcc -shared -fPIC -o libnvidia-ml.so.1 fake_nvml.c   (no -soname, so that copies at
 * different paths load as separate libraries with separate state).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

typedef int nvmlReturn_t;
enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_UNKNOWN = 999,
};

/* nvmlDevice_t is an opaque pointer. */
struct nvmlDevice_st { unsigned int index; };
typedef struct nvmlDevice_st *nvmlDevice_t;

typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;
typedef struct {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int smUtil, memUtil, encUtil, decUtil;
} nvmlProcessUtilizationSample_t;
typedef struct {
    char busIdLegacy[16];
    unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

/* The sizes and offsets bpftop's JNA structures must match (checked on the Java side too). */
_Static_assert(sizeof(nvmlProcessInfo_t) == 24 && offsetof(nvmlProcessInfo_t, usedGpuMemory) == 8, "nvmlProcessInfo_t");
_Static_assert(sizeof(nvmlProcessUtilizationSample_t) == 32 && offsetof(nvmlProcessUtilizationSample_t, smUtil) == 16, "sample");
_Static_assert(sizeof(nvmlPciInfo_t) == 68 && offsetof(nvmlPciInfo_t, busId) == 36, "nvmlPciInfo_t");
_Static_assert(sizeof(nvmlMemory_t) == 24, "nvmlMemory_t");

#define NDEV 2
#define MAXP 32
static struct nvmlDevice_st devices[NDEV] = {{0}, {1}};
struct proc { unsigned int dev, pid; unsigned long long mem; int graphics; };
struct sample { unsigned int dev; unsigned long long age_ms; nvmlProcessUtilizationSample_t s; };
static struct proc procs[MAXP];
static struct sample samples[MAXP];
static int nprocs, nsamples, initialized;
static nvmlReturn_t procs_error[NDEV];
static FILE *trace;

static void traced(const char *function) {
    if (!trace) return;
    fprintf(trace, "%s\n", function);
    fflush(trace);
}

static void read_script(nvmlReturn_t *init) {
    Dl_info self;
    char path[4096], kind[16];

    nprocs = nsamples = 0;
    memset(procs_error, 0, sizeof procs_error);
    *init = NVML_SUCCESS;
    if (!dladdr((void *) read_script, &self) || !self.dli_fname) return;
    snprintf(path, sizeof path, "%s.script", self.dli_fname);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fscanf(f, "%15s", kind) == 1) {
        if (!strcmp(kind, "init")) {
            if (fscanf(f, "%d", init) != 1) break;
        } else if (!strcmp(kind, "trace") && !trace) {
            snprintf(path, sizeof path, "%s.trace", self.dli_fname);
            trace = fopen(path, "a");
        } else if ((!strcmp(kind, "compute") || !strcmp(kind, "graphics")) && nprocs < MAXP) {
            struct proc *p = &procs[nprocs];
            if (fscanf(f, "%u %u %llu", &p->dev, &p->pid, &p->mem) != 3) break;
            p->graphics = kind[0] == 'g';
            nprocs++;
        } else if (!strcmp(kind, "procs_error")) {
            unsigned int dev;
            int code;
            if (fscanf(f, "%u %d", &dev, &code) != 2 || dev >= NDEV) break;
            procs_error[dev] = code;
        } else if (!strcmp(kind, "util") && nsamples < MAXP) {
            struct sample *s = &samples[nsamples];
            if (fscanf(f, "%u %u %llu %u %u %u %u", &s->dev, &s->s.pid, &s->age_ms, &s->s.smUtil,
                       &s->s.memUtil, &s->s.encUtil, &s->s.decUtil) != 7) break;
            nsamples++;
        } else {
            break;
        }
    }
    fclose(f);
}

nvmlReturn_t nvmlInit_v2(void) {
    nvmlReturn_t rc;
    read_script(&rc);
    if (rc == NVML_SUCCESS) initialized++;
    return rc;
}

nvmlReturn_t nvmlShutdown(void) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    initialized--;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t r) {
    switch (r) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}

#define CHECK_INIT() do { traced(__func__); if (!initialized) return NVML_ERROR_UNINITIALIZED; } while (0)
#define CHECK_DEV(d) do { CHECK_INIT(); if ((d) != &devices[0] && (d) != &devices[1]) return NVML_ERROR_INVALID_ARGUMENT; } while (0)

static nvmlReturn_t copy_string(char *out, unsigned int length, const char *value) {
    if (!out) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(value) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(out, value);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    CHECK_INIT();
    return copy_string(version, length, "550.54.15");
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    CHECK_INIT();
    *count = NDEV;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    CHECK_INIT();
    if (index >= NDEV || !device) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &devices[index];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int length) {
    CHECK_DEV(d);
    char v[96];
    snprintf(v, sizeof v, "GPU-5a1d0000-0000-4000-8000-00000000000%u", d->index);
    return copy_string(uuid, length, v);
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int length) {
    CHECK_DEV(d);
    return copy_string(name, length, d->index == 0 ? "Stand-in GPU Alpha" : "Stand-in GPU Beta");
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t *pci) {
    CHECK_DEV(d);
    memset(pci, 0, sizeof *pci);
    pci->bus = 0x17 + d->index;
    pci->pciDeviceId = 0x233010de;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.0", pci->domain, pci->bus, pci->device);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) {
    CHECK_DEV(d);
    u->gpu = d->index == 0 ? 87 : 3;
    u->memory = d->index == 0 ? 41 : 1;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m) {
    CHECK_DEV(d);
    m->total = 80ULL << 30;
    m->used = d->index == 0 ? 12ULL << 30 : 1ULL << 30;
    m->free = m->total - m->used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, int sensor, unsigned int *t) {
    CHECK_DEV(d);
    if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    if (d->index == 1) return NVML_ERROR_NOT_SUPPORTED;
    *t = 64;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw) {
    CHECK_DEV(d);
    *mw = d->index == 0 ? 312500 : 71000;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *mw) {
    CHECK_DEV(d);
    *mw = 700000;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t d, unsigned int *pct) {
    CHECK_DEV(d);
    if (d->index == 1) return NVML_ERROR_NOT_SUPPORTED;
    *pct = 55;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t d, int type, unsigned int *mhz) {
    CHECK_DEV(d);
    switch (type) {
    case 0: *mhz = 1755; return NVML_SUCCESS; /* graphics */
    case 1: *mhz = 1980; return NVML_SUCCESS; /* SM */
    case 2: *mhz = 2619; return NVML_SUCCESS; /* memory */
    default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

nvmlReturn_t nvmlDeviceGetCurrPcieLinkGeneration(nvmlDevice_t d, unsigned int *gen) {
    CHECK_DEV(d);
    *gen = 5;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrPcieLinkWidth(nvmlDevice_t d, unsigned int *width) {
    CHECK_DEV(d);
    *width = 16;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t d, int counter, unsigned int *kbps) {
    CHECK_DEV(d);
    if (counter != 0 && counter != 1) return NVML_ERROR_INVALID_ARGUMENT;
    *kbps = counter == 0 ? 1000 : 250; /* TX, RX */
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetComputeMode(nvmlDevice_t d, int *mode) {
    CHECK_DEV(d);
    *mode = d->index == 0 ? 0 : 3; /* DEFAULT, EXCLUSIVE_PROCESS */
    return NVML_SUCCESS;
}

/* The sizing protocol of nvmlDeviceGet*RunningProcesses: a short buffer gets INSUFFICIENT_SIZE and the count. */
static nvmlReturn_t running(nvmlDevice_t d, int graphics, unsigned int *count, nvmlProcessInfo_t *infos) {
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    if (procs_error[d->index]) return procs_error[d->index];
    unsigned int n = 0;
    for (int i = 0; i < nprocs; i++) n += procs[i].dev == d->index && procs[i].graphics == graphics;
    if (*count < n) {
        *count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (n && !infos) return NVML_ERROR_INVALID_ARGUMENT;
    unsigned int k = 0;
    for (int i = 0; i < nprocs; i++) {
        if (procs[i].dev != d->index || procs[i].graphics != graphics) continue;
        infos[k].pid = procs[i].pid;
        infos[k].usedGpuMemory = procs[i].mem;
        infos[k].gpuInstanceId = infos[k].computeInstanceId = 0xFFFFFFFF;
        k++;
    }
    *count = n;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned int *count, nvmlProcessInfo_t *infos) {
    CHECK_DEV(d);
    return running(d, 0, count, infos);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t d, unsigned int *count, nvmlProcessInfo_t *infos) {
    CHECK_DEV(d);
    return running(d, 1, count, infos);
}

nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t d, nvmlProcessUtilizationSample_t *out, unsigned int *count,
                                             unsigned long long lastSeenTimeStamp) {
    CHECK_DEV(d);
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    struct timeval now;
    gettimeofday(&now, NULL);
    unsigned int n = 0;
    for (int i = 0; i < nsamples; i++) {
        samples[i].s.timeStamp = now.tv_sec * 1000000ULL + now.tv_usec - samples[i].age_ms * 1000;
        n += samples[i].dev == d->index && samples[i].s.timeStamp > lastSeenTimeStamp;
    }
    if (n == 0) return NVML_ERROR_NOT_FOUND;
    if (!out || *count < n) {
        *count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int i = 0; i < nsamples; i++) {
        if (samples[i].dev == d->index && samples[i].s.timeStamp > lastSeenTimeStamp) out[k++] = samples[i].s;
    }
    *count = n;
    return NVML_SUCCESS;
}
