#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a register extract: mapped from the file, or a copy of bytes in memory. A
/// mapped file's pages can be given back once they have been read, so a 200 MB extract does
/// not stay resident while it is counted.
public final class PersonFile: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    private let mapped: Bool

    /// Maps the file read-only; nil when it cannot be opened.
    public init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        if size == 0 {
            base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
            count = 0
            mapped = false
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        madvise(p, size, MADV_SEQUENTIAL)
        base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
        count = size
        mapped = true
    }

    /// A copy of bytes already in memory (tests, small files).
    public init(bytes: [UInt8]) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { b in if let a = b.baseAddress { p.update(from: a, count: b.count) } }
        base = UnsafePointer(p)
        count = bytes.count
        mapped = false
    }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }

    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes as an array (for the general CSV reader).
    public var bytes: [UInt8] { Array(buffer) }

    /// Lets the kernel drop the pages wholly inside [from, to), which have been read and will not
    /// be read again (a mapped file only; they would be read from the file again if they were).
    func release(from: Int, to: Int) {
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (from + page - 1) / page * page, end = to / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }
}
