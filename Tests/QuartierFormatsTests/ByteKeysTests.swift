import Testing
@testable import QuartierFormats

/// The reader's own hash tables answer as the standard library's do.
@Suite struct ByteKeysTests {
    @Test func keySetAgreesWithSet() {
        var ours = KeySet(capacity: 16)
        var reference = Set<UInt64>()
        var rng = SystemRandomNumberGenerator()
        // Dense keys as the reader builds them (variable, period, area), sparse keys, and the extremes.
        var keys: [UInt64] = [0, 1, 511, 512, UInt64.max, UInt64.max - 1, 1 << 63]
        for v in 0..<20 { for p in 0..<30 { for a in stride(from: 0, to: 700, by: 3) { keys.append(UInt64(v) << 42 | UInt64(p) << 21 | UInt64(a)) } } }
        for _ in 0..<20_000 { keys.append(UInt64.random(in: 0...UInt64.max, using: &rng)) }
        keys += keys.prefix(5_000)
        keys.shuffle(using: &rng)
        for k in keys { #expect(ours.insert(k) == reference.insert(k).inserted) }
        #expect(ours.count == reference.count)
    }

    @Test func byteMapAgreesWithDictionary() {
        var ours = ByteMap()
        var reference: [[UInt8]: Int32] = [:]
        let words = (0..<5_000).map { i in Array("k\(i % 1_700)-\(i % 3 == 0 ? "" : "x")".utf8) } + [[], [0], [0, 0], Array("ä".utf8)]
        for (n, w) in words.enumerated() {
            w.withUnsafeBufferPointer { b in
                #expect(ours.value(b) == reference[w])
                if reference[w] == nil {
                    ours.insert(b, Int32(n))
                    reference[w] = Int32(n)
                }
            }
        }
        #expect(ours.count == reference.count)
        for (w, v) in reference { #expect(w.withUnsafeBufferPointer { ours.value($0) } == v) }
    }
}
