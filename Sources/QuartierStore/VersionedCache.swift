import Synchronization

/// One value kept with the data version it was read at; a store reads it again when the
/// version has moved on (every import, release and rollback raises it, also from another process).
final class VersionedCache<T: Sendable>: Sendable {
    private let slot = Mutex<(version: Int, value: T)?>(nil)

    func value(at version: Int) -> T? {
        slot.withLock { $0.flatMap { $0.version == version ? $0.value : nil } }
    }

    func store(_ value: T, at version: Int) {
        slot.withLock { $0 = (version, value) }
    }
}
