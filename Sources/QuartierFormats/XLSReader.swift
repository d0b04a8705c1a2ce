/// Excel 97–2003 workbooks (`.xls`): an OLE2 compound file holding a BIFF8 "Workbook" stream.
/// No library for the format is kept on this machine's distribution, so the two layers are
/// read here, over bytes, with every offset, length and sector chain checked against the file
/// (a damaged or hostile file is refused, never read out of bounds or in a loop).
/// Cells come out as `XLSXWorkbook.Cell`s, so an `.xls` reads exactly like the same sheet saved
/// as XLSX: shared strings, numbers (RK, MULRK, NUMBER, formula results), dates by their format,
/// merged ranges.

/// The container: a FAT file system of 512- or 4096-byte sectors, with a mini stream for small
/// streams.
struct CompoundFile {
    struct Damaged: Error { var what: String }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF

    private let raw: [UInt8]
    private let sectorSize: Int
    private let sectorCount: Int
    private let cutoff: Int
    private var fat: [UInt32] = []
    private var miniFat: [UInt32] = []
    private var miniStream: [UInt8] = []
    /// Directory entries: name, type (1 storage, 2 stream, 5 root), first sector, size.
    private(set) var entries: [(name: String, type: UInt8, start: UInt32, size: Int)] = []

    static func looksLikeCompoundFile(_ raw: [UInt8]) -> Bool {
        raw.count >= 8 && raw.prefix(8).elementsEqual(signature)
    }

    init(raw: [UInt8]) throws(Damaged) {
        guard raw.count >= 512, Self.looksLikeCompoundFile(raw) else { throw Damaged(what: "Kopf der Datei") }
        self.raw = raw
        let shift = Int(Self.u16(raw, 0x1E))
        guard shift == 9 || shift == 12, Self.u16(raw, 0x20) == 6 else { throw Damaged(what: "Sektorgröße") }
        sectorSize = 1 << shift
        sectorCount = max(0, (raw.count + sectorSize - 1) / sectorSize - 1)
        cutoff = Int(Self.u32(raw, 0x38))
        let fatSectors = Int(Self.u32(raw, 0x2C))
        guard fatSectors <= sectorCount else { throw Damaged(what: "FAT") }

        // The FAT's own sectors: 109 in the header, then a chain of DIFAT sectors.
        var fatIDs: [UInt32] = []
        for i in 0..<109 { fatIDs.append(Self.u32(raw, 0x4C + 4 * i)) }
        var difat = Self.u32(raw, 0x44)
        var hops = 0
        let perDifat = sectorSize / 4 - 1
        while difat != Self.endOfChain, difat != Self.free, fatIDs.count < fatSectors + 109 {
            hops += 1
            guard Int(difat) < sectorCount, hops <= sectorCount else { throw Damaged(what: "DIFAT") }
            let base = Self.offset(of: difat, sectorSize)
            for i in 0..<perDifat { fatIDs.append(Self.u32(raw, base + 4 * i)) }
            difat = Self.u32(raw, base + 4 * perDifat)
        }
        guard fatIDs.count >= fatSectors else { throw Damaged(what: "FAT") }
        fat.reserveCapacity(fatSectors * sectorSize / 4)
        for id in fatIDs.prefix(fatSectors) {
            guard Int(id) < sectorCount else { throw Damaged(what: "FAT") }
            let base = Self.offset(of: id, sectorSize)
            for i in 0..<(sectorSize / 4) { fat.append(Self.u32(raw, base + 4 * i)) }
        }

        let directory = try bytes(ofChain: Self.u32(raw, 0x30))
        var i = 0
        while i + 128 <= directory.count {
            let nameBytes = Int(Self.u16(directory, i + 0x40))
            var units: [UInt16] = []
            var k = 0
            while k + 1 < min(nameBytes, 64) {
                let u = Self.u16(directory, i + k)
                if u == 0 { break }
                units.append(u)
                k += 2
            }
            let size = sectorSize == 512 ? Int(Self.u32(directory, i + 0x78)) : Int(min(Self.u64(directory, i + 0x78), UInt64(Int32.max)))
            entries.append((String(decoding: units, as: UTF16.self), directory[i + 0x42], Self.u32(directory, i + 0x74), size))
            i += 128
        }
        guard let root = entries.first, root.type == 5 else { throw Damaged(what: "Verzeichnis") }
        if root.size > 0 {
            miniStream = Array(try bytes(ofChain: root.start).prefix(root.size))
            let miniFatBytes = try bytes(ofChain: Self.u32(raw, 0x3C))
            miniFat = stride(from: 0, to: miniFatBytes.count - 3, by: 4).map { Self.u32(miniFatBytes, $0) }
        }
    }

    /// The bytes of the stream `name` (compared without case), nil if there is none.
    func stream(_ name: String) throws(Damaged) -> [UInt8]? {
        guard let e = entries.first(where: { $0.type == 2 && $0.name.lowercased() == name.lowercased() }) else { return nil }
        if e.size < cutoff {
            var out: [UInt8] = []
            out.reserveCapacity(e.size)
            var id = e.start
            var hops = 0
            while out.count < e.size {
                hops += 1
                guard Int(id) < miniFat.count, hops <= miniFat.count, (Int(id) + 1) * 64 <= miniStream.count else { throw Damaged(what: "Ministream") }
                out.append(contentsOf: miniStream[Int(id) * 64 ..< (Int(id) + 1) * 64])
                id = miniFat[Int(id)]
            }
            return Array(out.prefix(e.size))
        }
        let all = try bytes(ofChain: e.start)
        guard all.count >= e.size else { throw Damaged(what: "Datenstrom „\(name)“") }
        return Array(all.prefix(e.size))
    }

    private func bytes(ofChain start: UInt32) throws(Damaged) -> [UInt8] {
        var out: [UInt8] = []
        var id = start
        var hops = 0
        while id != Self.endOfChain {
            hops += 1
            guard Int(id) < sectorCount, Int(id) < fat.count, hops <= sectorCount else { throw Damaged(what: "Sektorkette") }
            let base = Self.offset(of: id, sectorSize)
            let end = min(base + sectorSize, raw.count)
            out.append(contentsOf: raw[base..<end])
            if end - base < sectorSize { out.append(contentsOf: repeatElement(0, count: sectorSize - (end - base))) }
            id = fat[Int(id)]
        }
        return out
    }

    private static func offset(of sector: UInt32, _ size: Int) -> Int { (Int(sector) + 1) * size }

    /// Little-endian readers; bytes beyond the end read as zero (callers check lengths first).
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 1 < b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 3 < b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 {
        UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}

/// The BIFF8 workbook stream: the globals (shared strings, formats, sheet list) read at once,
/// a sheet's cells when it is asked for.
struct BIFFWorkbook: Sendable {
    let file: String
    private let stream: [UInt8]
    let sheets: [(name: String, offset: Int)]
    private let strings: [String]
    private let dateXF: [Bool]
    private let date1904: Bool

    private enum Record: UInt16 {
        case bof = 0x0809, eof = 0x000A, filePass = 0x002F, dateMode = 0x0022
        case format = 0x041E, xf = 0x00E0, boundSheet = 0x0085, sst = 0x00FC, continueRecord = 0x003C
        case labelSST = 0x00FD, label = 0x0204, rString = 0x00D6, number = 0x0203, rk = 0x027E, mulRK = 0x00BD
        case formula = 0x0006, string = 0x0207, boolErr = 0x0205, mergedCells = 0x00E5
    }

    init(raw: [UInt8], file: String) throws(ImportFailure) {
        self.file = file
        let container: CompoundFile
        do { container = try CompoundFile(raw: raw) } catch {
            throw ImportFailure(ImportIssue(file: file, found: error.what, expected: "eine unbeschädigte Excel-Datei (.xls); ihr Aufbau (OLE2) ist an dieser Stelle beschädigt"))
        }
        let workbook: [UInt8]
        do {
            if let w = try container.stream("Workbook") { workbook = w }
            else if try container.stream("Book") != nil {
                throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Datei ab Excel 97; dies ist das Format von Excel 5/95: in Excel oder LibreOffice als .xlsx speichern"))
            } else {
                throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Arbeitsmappe (.xls); die Datei ist ein OLE2-Dokument ohne Arbeitsmappe (etwa ein Word-Dokument)"))
            }
        } catch let e as CompoundFile.Damaged {
            throw ImportFailure(ImportIssue(file: file, found: e.what, expected: "eine unbeschädigte Excel-Datei (.xls)"))
        } catch let e as ImportFailure { throw e } catch {
            throw ImportFailure(ImportIssue(file: file, expected: "eine lesbare Excel-Datei (.xls)"))
        }
        self.stream = workbook

        var sheets: [(String, Int)] = []
        var formats: [Int: String] = [:]
        var xfFormats: [Int] = []
        var strings: [String] = []
        var date1904 = false
        var pos = 0
        var first = true
        while let (type, body) = Self.record(workbook, at: &pos) {
            if first {
                guard type == Record.bof.rawValue, body.count >= 2 else {
                    throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Arbeitsmappe (.xls); ihr Datenstrom beginnt nicht mit einem BOF-Satz"))
                }
                guard CompoundFile.u16(workbook, body.lowerBound) == 0x0600 else {
                    throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Datei ab Excel 97 (BIFF8); dies ist ein älteres Format: in Excel oder LibreOffice als .xlsx speichern"))
                }
                first = false
                continue
            }
            switch Record(rawValue: type) {
            case .eof: pos = workbook.count
            case .filePass:
                throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Datei ohne Kennwortschutz; diese ist verschlüsselt: in Excel den Schutz aufheben und neu speichern"))
            case .dateMode: date1904 = CompoundFile.u16(workbook, body.lowerBound) == 1
            case .format:
                var r = Segments(workbook, [body])
                let id = Int(r.u16())
                formats[id] = r.string(lengthBytes: 2)
            case .xf: xfFormats.append(Int(CompoundFile.u16(workbook, body.lowerBound + 2)))
            case .boundSheet:
                guard body.count >= 8 else { continue }
                let kind = workbook[body.lowerBound + 5]
                var r = Segments(workbook, [body.lowerBound + 6 ..< body.upperBound])
                let name = r.string(lengthBytes: 1)
                if kind == 0 { sheets.append((name, Int(CompoundFile.u32(workbook, body.lowerBound)))) }
            case .sst:
                var segments = [body]
                var next = pos
                while let (t, b) = Self.record(workbook, at: &next), t == Record.continueRecord.rawValue {
                    segments.append(b)
                    pos = next
                }
                var r = Segments(workbook, segments)
                _ = r.u32()
                let unique = Int(r.u32())
                // Every string takes at least three bytes: a count beyond that is a lie.
                let bound = min(unique, segments.reduce(0) { $0 + $1.count } / 3)
                strings.reserveCapacity(bound)
                for _ in 0..<bound where !r.atEnd { strings.append(r.string(lengthBytes: 2)) }
            default: break
            }
        }
        guard !sheets.isEmpty else {
            throw ImportFailure(ImportIssue(file: file, expected: "eine Arbeitsmappe mit mindestens einem Tabellenblatt"))
        }
        self.sheets = sheets
        self.strings = strings
        self.date1904 = date1904
        self.dateXF = xfFormats.map { id in
            (14...22).contains(id) || (45...47).contains(id) || formats[id].map(DateStyles.isDateFormat) == true
        }
    }

    /// The cells of sheet `index`, as rows with their 1-based numbers; merged ranges filled.
    func sheet(_ index: Int, maxCells: Int) throws(ImportFailure) -> XLSXWorkbook.Sheet {
        let (name, offset) = sheets[index]
        var pos = offset
        guard let (bof, _) = Self.record(stream, at: &pos), bof == Record.bof.rawValue else {
            throw ImportFailure(ImportIssue(file: file, found: name, expected: "ein Tabellenblatt, das in der Datei vorhanden ist (sein Verweis zeigt ins Leere)"))
        }
        var grid: [Int: [XLSXWorkbook.Cell]] = [:]
        var merged: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
        var count = 0
        var pendingString: (row: Int, col: Int)?
        func put(_ row: Int, _ col: Int, _ cell: XLSXWorkbook.Cell) throws(ImportFailure) {
            guard cell != .empty else { return }
            let key = row + 1
            let have = grid[key]?.count ?? 0
            if have <= col {
                count += col + 1 - have
                if count > maxCells { throw ImportFailure(ImportIssue(file: file, found: name, expected: "höchstens \(maxCells) Zellen in einem Tabellenblatt")) }
                grid[key, default: []].append(contentsOf: repeatElement(.empty, count: col + 1 - have))
            }
            grid[key]?[col] = cell      // in place: a row is not copied per cell
        }
        func number(_ v: Double, xf: Int) -> XLSXWorkbook.Cell {
            guard v.isFinite else { return .empty }
            if xf < dateXF.count, dateXF[xf], let iso = XLSXWorkbook.isoDate(serial: date1904 ? v + 1462 : v) { return .text(iso) }
            return .number(v, "\(v)")
        }
        let s = stream
        var depth = 0       // a chart embedded in the sheet is a BOF…EOF block of its own
        while let (type, body) = Self.record(s, at: &pos) {
            let b = body.lowerBound
            let row = Int(CompoundFile.u16(s, b)), col = Int(CompoundFile.u16(s, b + 2)), xf = Int(CompoundFile.u16(s, b + 4))
            switch Record(rawValue: type) {
            case .bof: depth += 1
            case .eof:
                if depth == 0 { pos = s.count } else { depth -= 1 }
            case _ where depth > 0: break
            case .labelSST where body.count >= 10:
                let i = Int(CompoundFile.u32(s, b + 6))
                if i < strings.count, !strings[i].isEmpty { try put(row, col, .text(strings[i])) }
            case .label where body.count >= 9, .rString where body.count >= 9:
                var r = Segments(s, [b + 6 ..< body.upperBound])
                let t = r.string(lengthBytes: 2)
                if !t.isEmpty { try put(row, col, .text(t)) }
            case .number where body.count >= 14:
                try put(row, col, number(Self.double(s, b + 6), xf: xf))
            case .rk where body.count >= 10:
                try put(row, col, number(Self.rk(CompoundFile.u32(s, b + 6)), xf: xf))
            case .mulRK where body.count >= 12:
                // row, first column, then (xf, rk) pairs, the last column at the end
                var c = col
                var p = b + 4
                while p + 6 <= body.upperBound - 2 {
                    try put(row, c, number(Self.rk(CompoundFile.u32(s, p + 2)), xf: Int(CompoundFile.u16(s, p))))
                    p += 6
                    c += 1
                }
            case .formula where body.count >= 20:
                if s[b + 12] == 0xFF, s[b + 13] == 0xFF {
                    switch s[b + 6] {
                    case 0: pendingString = (row, col)      // the text follows in a STRING record
                    case 1: try put(row, col, .text(s[b + 8] != 0 ? "WAHR" : "FALSCH"))
                    case 2: try put(row, col, .text(Self.errorText(s[b + 8])))
                    default: break
                    }
                } else {
                    try put(row, col, number(Self.double(s, b + 6), xf: xf))
                }
            case .string:
                if let (r, c) = pendingString {
                    var reader = Segments(s, [body])
                    let t = reader.string(lengthBytes: 2)
                    if !t.isEmpty { try put(r, c, .text(t)) }
                }
                pendingString = nil
            case .boolErr where body.count >= 8:
                let v = s[b + 6]
                try put(row, col, s[b + 7] == 0 ? .text(v != 0 ? "WAHR" : "FALSCH") : .text(Self.errorText(v)))
            case .mergedCells where body.count >= 2:
                let n = Int(CompoundFile.u16(s, b))
                for k in 0..<n where b + 2 + 8 * (k + 1) <= body.upperBound {
                    let p = b + 2 + 8 * k
                    let r0 = Int(CompoundFile.u16(s, p)), r1 = Int(CompoundFile.u16(s, p + 2))
                    let c0 = Int(CompoundFile.u16(s, p + 4)), c1 = Int(CompoundFile.u16(s, p + 6))
                    if r1 >= r0, c1 >= c0, (r1 - r0 + 1) * (c1 - c0 + 1) <= 65_536 { merged.append((r0 + 1, c0, r1 + 1, c1)) }
                }
            default: break
            }
        }
        var rows = grid.keys.sorted().map { (number: $0, cells: grid[$0]!) }
        guard SheetHandler.fillMerged(&rows, merged, maxCells: maxCells) else {
            throw ImportFailure(ImportIssue(file: file, found: name, expected: "höchstens \(maxCells) verbundene Zellen in einem Tabellenblatt"))
        }
        return XLSXWorkbook.Sheet(name: name, rows: rows)
    }

    /// The record at `pos` (type and body range); nil at the end or where a record would run
    /// past the stream.
    private static func record(_ s: [UInt8], at pos: inout Int) -> (UInt16, Range<Int>)? {
        guard pos >= 0, pos + 4 <= s.count else { return nil }
        let type = CompoundFile.u16(s, pos), length = Int(CompoundFile.u16(s, pos + 2))
        guard pos + 4 + length <= s.count else { return nil }
        defer { pos += 4 + length }
        return (type, pos + 4 ..< pos + 4 + length)
    }

    private static func double(_ s: [UInt8], _ i: Int) -> Double { Double(bitPattern: CompoundFile.u64(s, i)) }

    /// An RK number: a 30-bit integer or the top of a double, possibly divided by 100.
    static func rk(_ v: UInt32) -> Double {
        let x = v & 2 != 0 ? Double(Int32(bitPattern: v) >> 2) : Double(bitPattern: UInt64(v & 0xFFFF_FFFC) << 32)
        return v & 1 != 0 ? x / 100 : x
    }

    private static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: "#NULL!"
        case 0x07: "#DIV/0!"
        case 0x0F: "#WERT!"
        case 0x17: "#BEZUG!"
        case 0x1D: "#NAME?"
        case 0x24: "#ZAHL!"
        default: "#NV"
        }
    }
}

/// Reads a record and its CONTINUE records as one: a string's characters that run into the next
/// record are preceded there by a fresh option byte (their width may change), everything else
/// simply continues.
struct Segments {
    private let s: [UInt8]
    private let ranges: [Range<Int>]
    private var index = 0
    private var pos: Int

    init(_ s: [UInt8], _ ranges: [Range<Int>]) {
        self.s = s
        self.ranges = ranges
        self.pos = ranges.first?.lowerBound ?? 0
    }

    var atEnd: Bool {
        var i = index, p = pos
        while i < ranges.count, p >= ranges[i].upperBound {
            i += 1
            if i < ranges.count { p = ranges[i].lowerBound }
        }
        return i >= ranges.count
    }

    /// Moves into the next record when the current one is used up; false at the very end.
    private mutating func ready() -> Bool {
        while index < ranges.count, pos >= ranges[index].upperBound {
            index += 1
            if index < ranges.count { pos = ranges[index].lowerBound }
        }
        return index < ranges.count
    }

    mutating func u8() -> UInt8 {
        guard ready() else { return 0 }
        defer { pos += 1 }
        return s[pos]
    }
    mutating func u16() -> UInt16 { UInt16(u8()) | UInt16(u8()) << 8 }
    mutating func u32() -> UInt32 { UInt32(u16()) | UInt32(u16()) << 16 }
    /// Skips `n` bytes across records (a length from the file may be anything: bounded by what is left).
    mutating func skip(_ n: Int) {
        var left = max(0, n)
        while left > 0, ready() {
            let step = min(left, ranges[index].upperBound - pos)
            pos += step
            left -= step
        }
    }

    /// An XLUnicodeString (BIFF8): a character count of one or two bytes, an option byte (bit 0:
    /// two bytes per character, bit 2: extended data, bit 3: formatting runs), the characters,
    /// then the runs and the extended data, skipped.
    mutating func string(lengthBytes: Int) -> String {
        let count = lengthBytes == 1 ? Int(u8()) : Int(u16())
        var flags = u8()
        let runs = flags & 8 != 0 ? Int(u16()) : 0
        let ext = flags & 4 != 0 ? Int(u32()) : 0
        var units: [UInt16] = []
        units.reserveCapacity(count)
        while units.count < count {
            guard index < ranges.count else { break }
            if pos >= ranges[index].upperBound {
                // The characters go on in the next record, after a new option byte.
                index += 1
                guard index < ranges.count else { break }
                pos = ranges[index].lowerBound
                guard pos < ranges[index].upperBound else { continue }
                flags = s[pos]
                pos += 1
                continue
            }
            if flags & 1 != 0 {
                guard pos + 1 < ranges[index].upperBound else { pos = ranges[index].upperBound; continue }
                units.append(UInt16(s[pos]) | UInt16(s[pos + 1]) << 8)
                pos += 2
            } else {
                units.append(UInt16(s[pos]))
                pos += 1
            }
        }
        skip(4 * runs + ext)
        return String(decoding: units, as: UTF16.self)
    }
}
