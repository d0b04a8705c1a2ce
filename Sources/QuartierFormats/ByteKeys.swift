/// Small hash tables for the table reader's hot loop, measured to matter there: a million-row
/// import spent 15 % of its reading time in `Set<UInt64>` (SipHash and rehashing) and another
/// 10 % making `String`s of area codes, labels and dates only to look them up.

/// A set of 64-bit keys that are dense in their low bits (a table's value keys with the area
/// index lowest): each block of 512 neighbouring keys is a bitmap, found through a small
/// open-addressing table, so the set stays in the cache where a hash of every key did not.
struct KeySet {
    private var blockKeys: [UInt64]
    private var blockOf: [Int32]
    private var bits: [UInt64] = []
    private var shift: UInt64
    private var blocks = 0
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity / 256 { size <<= 1 }
        blockKeys = Array(repeating: 0, count: size)
        blockOf = Array(repeating: -1, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Fibonacci hashing: the product's top bits, which every bit of the key reaches.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Adds `key`; false when it was there already.
    mutating func insert(_ key: UInt64) -> Bool {
        let block = key >> 9
        let mask = blockKeys.count - 1
        var i = slot(block)
        var index: Int
        while true {
            let b = blockOf[i]
            if b < 0 {
                if (blocks + 1) * 2 > blockKeys.count {
                    grow()
                    return insert(key)
                }
                blockKeys[i] = block
                blockOf[i] = Int32(blocks)
                index = blocks
                blocks += 1
                bits.append(contentsOf: repeatElement(0, count: 8))
                break
            }
            if blockKeys[i] == block { index = Int(b); break }
            i = (i + 1) & mask
        }
        let word = index * 8 + Int((key >> 6) & 7), bit = UInt64(1) << (key & 63)
        if bits[word] & bit != 0 { return false }
        bits[word] |= bit
        count += 1
        return true
    }

    private mutating func grow() {
        let oldKeys = blockKeys, oldOf = blockOf
        blockKeys = Array(repeating: 0, count: oldKeys.count * 2)
        blockOf = Array(repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        let mask = blockKeys.count - 1
        for (k, b) in zip(oldKeys, oldOf) where b >= 0 {
            var i = slot(k)
            while blockOf[i] >= 0 { i = (i + 1) & mask }
            blockKeys[i] = k
            blockOf[i] = b
        }
    }
}

/// A map from byte strings to small integers that looks up without allocating: the keys'
/// bytes live in one buffer, compared in place (FNV-1a hash, open addressing).
struct ByteMap {
    private var bytes: [UInt8] = []
    private var entries: [(start: Int32, length: Int32, hash: UInt32, value: Int32)] = []
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    var count: Int { entries.count }

    @inline(__always) private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    func value(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var i = Int(h) & mask
        while true {
            let e = slots[i]
            if e < 0 { return nil }
            let entry = entries[Int(e)]
            if entry.hash == h, Int(entry.length) == key.count, equal(entry.start, key) { return entry.value }
            i = (i + 1) & mask
        }
    }

    private func equal(_ start: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = Int(start)
        for b in key {
            if bytes[k] != b { return false }
            k += 1
        }
        return true
    }

    /// Sets the value of a key not yet in the map.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        entries.append((Int32(bytes.count), Int32(key.count), h, value))
        bytes.append(contentsOf: key)
        place(Int32(entries.count - 1), h)
    }

    private mutating func place(_ e: Int32, _ h: UInt32) {
        let mask = slots.count - 1
        var i = Int(h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = e
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for (k, e) in entries.enumerated() { place(Int32(k), e.hash) }
    }
}
