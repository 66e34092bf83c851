// The wall clock's slow path: deciding whether to interpolate with the time-stamp counter,
// measuring its scale and re-anchoring. The fast path is inline in the header.
#include "CLLMInstrumentationSupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

llm_instrumentation_clock_anchor llm_instrumentation_clock;

enum {
    modeUndecided = 0,
    modeInterpolating = 1,
    modeSystem = 2,
};

static const int64_t nanosecondsPerSecond = 1000000000;
/// An anchor is renewed after this long.
static const int64_t anchorLifetime = 1000000; // 1 ms
/// The scale is first measured over this long, then over the whole time since calibrating
/// started (each new anchor measures it again), up to ...
static const int64_t shortestCalibration = 1000000; // 1 ms
/// ... about this long, when calibrating starts again, so that the scale follows the system clock
/// as NTP slews it.
static const int64_t longestCalibration = 10 * nanosecondsPerSecond;

static int mode = modeUndecided;
/// Taken by the one thread that writes the anchor; the others read the system clock meanwhile.
static int writing = 0;
// The start of the current calibration; written only by the thread holding `writing`.
static uint64_t calibrationTicks = 0;
static int64_t calibrationNanoseconds = 0;
/// The scale last measured (32.32 nanoseconds per tick), used while the next is being measured.
static uint64_t measuredScale = 0;
/// Before this system-clock time there is no point in trying to anchor (the scale is not measured
/// yet): readings then take the system clock without touching `writing`.
static int64_t nextAnchorDue = 0;

int64_t llm_instrumentation_clock_system_now(void) {
    struct timespec time;
    clock_gettime(CLOCK_REALTIME, &time);
    return (int64_t)time.tv_sec * nanosecondsPerSecond + (int64_t)time.tv_nsec;
}

int llm_instrumentation_clock_mode(void) {
    return __atomic_load_n(&mode, __ATOMIC_ACQUIRE);
}

#if defined(__x86_64__) && defined(__linux__)

/// Whether the kernel keeps time with the time-stamp counter: it has then checked that the counter
/// is constant-rate and synchronised across CPUs, and `clock_gettime` itself reads it.
static int kernelClockIsTimeStampCounter(void) {
    FILE *file = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
    if (file == NULL) return 0;
    char name[32] = {0};
    int matches = fgets(name, sizeof name, file) != NULL && strcmp(name, "tsc\n") == 0;
    fclose(file);
    return matches;
}

static int decideMode(void) {
    const char *setting = getenv("LLM_INSTRUMENTATION_CLOCK");
    int decided = (setting != NULL && strcmp(setting, "system") == 0) || !kernelClockIsTimeStampCounter()
        ? modeSystem
        : modeInterpolating;
    int expected = modeUndecided;
    __atomic_compare_exchange_n(&mode, &expected, decided, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return __atomic_load_n(&mode, __ATOMIC_ACQUIRE);
}

static void publishAnchor(uint64_t ticks, int64_t nanoseconds, uint64_t scale, uint64_t limit) {
    llm_instrumentation_clock_anchor *anchor = &llm_instrumentation_clock;
    uint64_t sequence = __atomic_load_n((uint64_t *)&anchor->sequence, __ATOMIC_RELAXED);
    __atomic_store_n((uint64_t *)&anchor->sequence, sequence + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n((uint64_t *)&anchor->ticks, ticks, __ATOMIC_RELAXED);
    __atomic_store_n((int64_t *)&anchor->nanoseconds, nanoseconds, __ATOMIC_RELAXED);
    __atomic_store_n((uint64_t *)&anchor->nanosecondsPerTick, scale, __ATOMIC_RELAXED);
    __atomic_store_n((uint64_t *)&anchor->interpolationLimit, limit, __ATOMIC_RELAXED);
    __atomic_store_n((uint64_t *)&anchor->sequence, sequence + 2, __ATOMIC_RELEASE);
}

/// Takes (`ticks`, `nanoseconds`), read together, as the new anchor, measuring the scale against
/// the start of the calibration once it is far enough back. Called by the `writing` thread only.
static void reanchor(uint64_t ticks, int64_t nanoseconds) {
    int64_t calibrated = nanoseconds - calibrationNanoseconds;
    if (calibrationTicks == 0 || ticks <= calibrationTicks || calibrated <= 0) {
        // First reading, or a counter or clock that went backwards: start calibrating again,
        // reading the system clock meanwhile.
        calibrationTicks = ticks;
        calibrationNanoseconds = nanoseconds;
        measuredScale = 0;
        __atomic_store_n(&nextAnchorDue, nanoseconds + shortestCalibration, __ATOMIC_RELAXED);
        publishAnchor(ticks, nanoseconds, 0, 0);
        return;
    }
    if (calibrated >= shortestCalibration) {
        uint64_t scale = (uint64_t)(((unsigned __int128)calibrated << 32) / (ticks - calibrationTicks));
        // A counter between 100 MHz and 20 GHz; anything else is not a clock to trust.
        if (scale > (10ull << 32) || scale < (1ull << 32) / 20) {
            __atomic_store_n(&mode, modeSystem, __ATOMIC_RELEASE);
            publishAnchor(ticks, nanoseconds, 0, 0);
            return;
        }
        measuredScale = scale;
    }
    if (measuredScale == 0) return;
    uint64_t limit = (uint64_t)(((unsigned __int128)anchorLifetime << 32) / measuredScale);
    publishAnchor(ticks, nanoseconds, measuredScale, limit);
    if (calibrated > longestCalibration) {
        calibrationTicks = ticks;
        calibrationNanoseconds = nanoseconds;
    }
}

int64_t llm_instrumentation_clock_now_slow(void) {
    int current = __atomic_load_n(&mode, __ATOMIC_ACQUIRE);
    if (current == modeUndecided) current = decideMode();
    if (current != modeInterpolating) return llm_instrumentation_clock_system_now();
    // The counter read on both sides of the system clock, so the pair is taken at one instant.
    uint64_t before = __builtin_ia32_rdtsc();
    int64_t nanoseconds = llm_instrumentation_clock_system_now();
    uint64_t after = __builtin_ia32_rdtsc();
    // A pair read far apart (the thread was preempted in between) is no anchor: its instant is
    // uncertain by half the gap. 2,000 ticks is well under a microsecond at today's rates (a
    // pair takes about 100).
    if (after >= before && after - before < 2000 && nanoseconds >= __atomic_load_n(&nextAnchorDue, __ATOMIC_RELAXED)
        && !__atomic_exchange_n(&writing, 1, __ATOMIC_ACQUIRE)) {
        reanchor(before + (after - before) / 2, nanoseconds);
        __atomic_store_n(&writing, 0, __ATOMIC_RELEASE);
    }
    return nanoseconds;
}

#else

int64_t llm_instrumentation_clock_now_slow(void) {
    int expected = modeUndecided;
    __atomic_compare_exchange_n(&mode, &expected, modeSystem, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return llm_instrumentation_clock_system_now();
}

#endif
