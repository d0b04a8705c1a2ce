import Synchronization

/// Results computed once per data version: the same profile or indicator asked again (another
/// query string, another user, the next request) costs a lookup instead of reading the values
/// and evaluating every formula. Every import, release and rollback raises the data version (also
/// from another process), and a new version starts afresh. At most `capacity` results are kept;
/// beyond that the memo is emptied, so a client asking for every combination costs memory bounded
/// by the capacity, not by what it asks.
public final class ResultMemo: Sendable {
    private let state = Mutex<(version: Int, entries: [String: any Sendable])>((-1, [:]))
    let capacity: Int

    public init(capacity: Int = 256) { self.capacity = capacity }

    func get<T: Sendable>(_ key: String, version: Int) -> T? {
        state.withLock { s in s.version == version ? s.entries[key] as? T : nil }
    }

    func put(_ key: String, _ value: some Sendable, version: Int) {
        state.withLock { s in
            // An older version's result is not kept over a newer one's.
            guard version >= s.version else { return }
            if version != s.version || s.entries.count >= capacity { s = (version, [:]) }
            s.entries[key] = value
        }
    }

    /// How many results are kept now (for tests).
    public var count: Int { state.withLock { $0.entries.count } }
}

extension AtlasQueries {
    /// `compute` once per data version and `key`; errors are not kept.
    public func memoized<T: Sendable>(_ key: String, _ compute: () async throws -> T) async throws -> T {
        let version = try await store.dataVersion()
        if let hit: T = memo.get(key, version: version) { return hit }
        let value = try await compute()
        memo.put(key, value, version: version)
        return value
    }
}
