/// Households by key, in an open-addressing hash table: one probe sequence per person instead
/// of two SipHash lookups, and no per-entry allocation.
struct HouseholdTable {
    private var keys: [Int]
    private var area: [Int32]
    private var adults: [Int32]
    private var children: [Int32]
    private var used: [Bool]
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var cap = 1024
        while cap < expected * 2 { cap <<= 1 }
        keys = [Int](repeating: 0, count: cap)
        area = [Int32](repeating: 0, count: cap)
        adults = [Int32](repeating: 0, count: cap)
        children = [Int32](repeating: 0, count: cap)
        used = [Bool](repeating: false, count: cap)
        mask = cap - 1
    }

    @inline(__always)
    mutating func add(key: Int, area a: Int32, child: Bool) {
        add(key: key, area: a, adults: child ? 0 : 1, children: child ? 1 : 0)
    }

    @inline(__always)
    mutating func add(key: Int, area a: Int32, adults ad: Int32, children ch: Int32) {
        if count * 2 >= keys.count { grow() }
        var i = Int(truncatingIfNeeded: UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15 >> 20) & mask
        while used[i] && keys[i] != key { i = (i + 1) & mask }
        if !used[i] { used[i] = true; keys[i] = key; area[i] = a; count += 1 }
        adults[i] += ad
        children[i] += ch
    }

    private mutating func grow() {
        let old = (keys, area, adults, children, used)
        let cap = keys.count * 2
        keys = [Int](repeating: 0, count: cap); area = [Int32](repeating: 0, count: cap)
        adults = [Int32](repeating: 0, count: cap); children = [Int32](repeating: 0, count: cap)
        used = [Bool](repeating: false, count: cap)
        mask = cap - 1
        count = 0
        for j in old.4.indices where old.4[j] {
            var i = Int(truncatingIfNeeded: UInt(bitPattern: old.0[j]) &* 0x9E37_79B9_7F4A_7C15 >> 20) & mask
            while used[i] { i = (i + 1) & mask }
            used[i] = true; keys[i] = old.0[j]; area[i] = old.1[j]; adults[i] = old.2[j]; children[i] = old.3[j]
            count += 1
        }
    }

    func forEachKey(_ body: (Int, Int32, Int32, Int32) -> Void) {
        for i in used.indices where used[i] { body(keys[i], area[i], adults[i], children[i]) }
    }

    /// Every household: (area, adults, children).
    func forEach(_ body: (Int, Int32, Int32) -> Void) {
        for i in used.indices where used[i] { body(Int(area[i]), adults[i], children[i]) }
    }
}
