import Foundation
import QuartierZlib

/// The entries of a zip archive held in memory, read from its central directory with every
/// offset and size checked against the bytes (ZIP64 included), and each entry's data inflated
/// on demand by zlib, within the archive limits: a workbook's sheet goes into the XML parser
/// chunk by chunk instead of being inflated whole first.
struct ZipDirectory: Sendable {
    struct Entry: Sendable {
        var name: String
        /// 0 stored, 8 deflated (from the local header, which is what readers go by).
        var method: Int
        var dataStart: Int
        var packed: Int
        var unpacked: Int
        var crc: UInt32
    }

    enum Failure: Error, Equatable, Sendable { case damaged, tooLarge(String) }

    let raw: [UInt8]
    private(set) var entries: [Entry] = []

    init(_ b: [UInt8]) throws(Failure) {
        raw = b
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        func u32(_ o: Int) -> UInt64 { UInt64(u16(o)) | UInt64(u16(o + 2)) << 16 }
        func u64(_ o: Int) -> UInt64 { u32(o) | u32(o + 4) << 32 }
        let n = b.count
        guard n >= 22 else { throw .damaged }
        // End of central directory: the last signature 06054b50 within the final 65,557 bytes.
        var eocd = -1
        var k = n - 22
        while k >= max(0, n - 65_557) {
            if b[k] == 0x50, b[k + 1] == 0x4b, b[k + 2] == 0x05, b[k + 3] == 0x06 { eocd = k; break }
            k -= 1
        }
        guard eocd >= 0 else { throw .damaged }
        var count = UInt64(u16(eocd + 10)), offset = u32(eocd + 16)
        // ZIP64: the locator (07064b50) just before points to the ZIP64 end record (06064b50).
        if (count == 0xFFFF || offset == 0xFFFF_FFFF), eocd >= 20, u32(eocd - 20) == 0x0706_4b50 {
            let record = u64(eocd - 12)
            guard record <= UInt64(n - 56), u32(Int(record)) == 0x0606_4b50 else { throw .damaged }
            count = u64(Int(record) + 32)
            offset = u64(Int(record) + 48)
        }
        guard count <= UInt64(ShapefileArchive.maxEntries) else { throw .tooLarge("mehr als \(ShapefileArchive.maxEntries) Einträge") }
        var o = offset
        for _ in 0..<count {
            guard o + 46 <= UInt64(n), u32(Int(o)) == 0x0201_4b50 else { throw .damaged }
            let at = Int(o)
            var packed = u32(at + 20), unpacked = u32(at + 24), local = u32(at + 42)
            let crc = UInt32(u32(at + 16))
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            guard at + 46 + nameLength + extraLength <= n else { throw .damaged }
            // ZIP64 extended information (0x0001): the 64-bit sizes and offset that are 0xFFFFFFFF above.
            var e = at + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(e), size = u16(e + 2)
                if id == 0x0001 {
                    var f = e + 4
                    if unpacked == 0xFFFF_FFFF, f + 8 <= e + 4 + size { unpacked = u64(f); f += 8 }
                    if packed == 0xFFFF_FFFF, f + 8 <= e + 4 + size { packed = u64(f); f += 8 }
                    if local == 0xFFFF_FFFF, f + 8 <= e + 4 + size { local = u64(f) }
                }
                e += 4 + size
            }
            guard local + 30 <= UInt64(n), u32(Int(local)) == 0x0403_4b50 else { throw .damaged }
            let dataStart = local + 30 + UInt64(u16(Int(local) + 26)) + UInt64(u16(Int(local) + 28))
            let method = u16(Int(local) + 8)
            guard dataStart <= UInt64(n), packed <= UInt64(n) - dataStart, method != 0 || unpacked <= UInt64(n) - dataStart,
                  unpacked <= UInt64(Int.max) else { throw .damaged }
            entries.append(Entry(name: String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self), method: method,
                                 dataStart: Int(dataStart), packed: Int(packed), unpacked: Int(unpacked), crc: crc))
            o += UInt64(46 + nameLength + extraLength + commentLength)
        }
    }

    func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// An entry's bytes, whole (for the small parts of a workbook), within `budget` bytes.
    func bytes(of entry: Entry, budget: inout Int) throws(Failure) -> [UInt8] {
        let stream = InflatingInputStream(self, entry, budget: budget)
        stream.open()
        defer { stream.close() }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { stream.read($0.baseAddress!, maxLength: $0.count) }
            if n < 0 { throw stream.failure ?? .damaged }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        budget -= out.count
        return out
    }
}

/// A zip entry inflated as it is read (zlib, raw deflate), for `XMLParser(stream:)`: the parser
/// pulls 4 KB at a time, so only the parsed cells stay in memory, never the whole XML. It stops
/// with `failure` set when the data grow beyond the budget or the entry's ratio limit, end early,
/// or fail their CRC.
final class InflatingInputStream: InputStream {
    private let raw: [UInt8]
    private let entry: ZipDirectory.Entry
    private let cap: Int
    private var z = z_stream()
    private var started = false
    private var done = false
    private var position = 0
    private var produced = 0
    private var crc: UInt = 0
    private(set) var failure: ZipDirectory.Failure?

    init(_ directory: ZipDirectory, _ entry: ZipDirectory.Entry, budget: Int) {
        raw = directory.raw
        self.entry = entry
        cap = min(budget, max(1_048_576, entry.packed &* ShapefileArchive.maxRatio))
        super.init(data: Data())
    }

    override func open() {
        guard !started else { return }
        started = true
        if entry.method == 8 {
            if inflateInit2_(&z, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) != Z_OK { fail(.damaged) }
        } else if entry.method != 0 {
            fail(.damaged)      // a compression zlib does not know (bzip2, LZMA)
        }
    }

    override func close() {
        if started && entry.method == 8 { inflateEnd(&z) }
        started = false
        done = true
    }

    override var hasBytesAvailable: Bool { !done }
    override var streamStatus: Stream.Status { failure != nil ? .error : done ? .atEnd : started ? .open : .notOpen }
    /// The parser asks for it after a failed read (the base class's getter knows no error of ours).
    override var streamError: Error? {
        failure.map { NSError(domain: "Quartier.ZipDirectory", code: $0 == .damaged ? 1 : 2) }
    }

    private func fail(_ f: ZipDirectory.Failure) {
        failure = f
        done = true
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        if failure != nil { return -1 }
        if done || len <= 0 { return 0 }
        var n = 0
        if entry.method == 0 {
            n = min(len, entry.unpacked - position)
            raw.withUnsafeBufferPointer { b in buffer.update(from: b.baseAddress! + entry.dataStart + position, count: n) }
            position += n
            if position == entry.unpacked { done = true }
        } else {
            let result: Int32 = raw.withUnsafeBufferPointer { b in
                z.next_in = UnsafeMutablePointer(mutating: b.baseAddress! + entry.dataStart + position)
                z.avail_in = UInt32(entry.packed - position)
                z.next_out = buffer
                z.avail_out = UInt32(min(len, Int(UInt32.max)))
                let r = inflate(&z, Z_NO_FLUSH)
                position = entry.packed - Int(z.avail_in)
                n = min(len, Int(UInt32.max)) - Int(z.avail_out)
                return r
            }
            if result == Z_STREAM_END { done = true }
            // An error, or no input left before the stream's end: damaged.
            else if result != Z_OK || (n == 0 && z.avail_in == 0) { fail(.damaged); return -1 }
        }
        produced += n
        if produced > cap { fail(.tooLarge(entry.name)); return -1 }
        crc = crc32(crc, buffer, UInt32(n))
        if done && (UInt32(truncatingIfNeeded: crc) != entry.crc || produced != entry.unpacked) { fail(.damaged); return -1 }
        return n
    }
}
