import QuartierPrefetch

/// Households by key, in an open-addressing hash table of 16-byte slots: one probe sequence
/// per person, no per-entry allocation, and half the memory of separate columns.
struct HouseholdTable {
    struct Slot {
        /// `empty` when the slot is free.
        var key: Int
        var area: Int32
        var adults: UInt16
        var children: UInt16
    }

    static let empty = Int.min
    private var slots: [Slot]
    /// Persons of one household mostly follow one another in an extract: they are summed here
    /// and enter the table once per run of the same key.
    private var run = Slot(key: HouseholdTable.empty, area: 0, adults: 0, children: 0)
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var cap = 1024
        while cap < expected * 2 { cap <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.empty, area: 0, adults: 0, children: 0), count: cap)
        mask = cap - 1
    }

    @inline(__always)
    mutating func add(key raw: Int, area a: Int32, child: Bool) {
        let key = raw == Self.empty ? raw + 1 : raw
        if key == run.key {
            if child { run.children &+= 1 } else { run.adults &+= 1 }
            return
        }
        if run.key != Self.empty { add(key: run.key, area: run.area, adults: run.adults, children: run.children) }
        run = Slot(key: key, area: a, adults: child ? 0 : 1, children: child ? 1 : 0)
        // The run enters the table when the next household begins: fetch its slot meanwhile.
        let i = Self.slot(key, mask)
        slots.withUnsafeBufferPointer { quartier_prefetch($0.baseAddress! + i) }
    }

    /// Enters the current run into the table; call before reading the table.
    mutating func flush() {
        guard run.key != Self.empty else { return }
        let r = run
        run.key = Self.empty
        add(key: r.key, area: r.area, adults: r.adults, children: r.children)
    }

    @inline(__always)
    mutating func add(key raw: Int, area a: Int32, adults ad: UInt16, children ch: UInt16) {
        if count * 2 >= slots.count { grow() }
        let key = raw == Self.empty ? raw + 1 : raw
        let m = mask
        let inserted = slots.withUnsafeMutableBufferPointer { s -> Bool in
            var i = Self.slot(key, m)
            while s[i].key != Self.empty && s[i].key != key { i = (i + 1) & m }
            var new = false
            if s[i].key == Self.empty { s[i] = Slot(key: key, area: a, adults: 0, children: 0); new = true }
            s[i].adults &+= ad
            s[i].children &+= ch
            return new
        }
        if inserted { count += 1 }
    }

    @inline(__always)
    static func slot(_ key: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15 >> 20) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.empty, area: 0, adults: 0, children: 0), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != Self.empty { add(key: s.key, area: s.area, adults: s.adults, children: s.children) }
    }

    func forEachKey(_ body: (Int, Int32, UInt16, UInt16) -> Void) {
        for s in slots where s.key != Self.empty { body(s.key, s.area, s.adults, s.children) }
    }

    /// Every household: (area, adults, children).
    func forEach(_ body: (Int, Int, Int) -> Void) {
        for s in slots where s.key != Self.empty { body(Int(s.area), Int(s.adults), Int(s.children)) }
    }
}
