import Foundation

/// What the platform charges for the parts of the hot path that are not the library's own: the
/// floor under its figures on a given machine.
enum PlatformFloor {
    /// One reading of the system wall clock, as the library takes it (nanoseconds since 1970).
    static func clockReading() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time.tv_sec &* 1_000_000_000 &+ time.tv_nsec
    }

    /// Keeps `value` from being optimised away.
    @inline(never)
    static func keep(_ value: Int) {
        withExtendedLifetime(value) {}
    }

    /// A pthread mutex locked and unlocked around an increment, as the package's one lock type
    /// (`LockedValue`) does.
    final class PthreadLock: @unchecked Sendable {
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private var count = 0

        init() {
            pthread_mutex_init(mutex, nil)
        }

        func lockAndUnlock() {
            pthread_mutex_lock(mutex)
            count &+= 1
            pthread_mutex_unlock(mutex)
        }
    }
}
