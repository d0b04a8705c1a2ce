/// Well-known binary (ISO/OGC simple features), little-endian, for MultiPolygon geometry.
public enum WKB {
    public enum DecodeError: Error, Sendable, Equatable {
        case truncated
        case unsupportedType(UInt32)
    }

    /// Encodes as a WKB MultiPolygon (type 6); rings are written closed.
    public static func encode(_ mp: MultiPolygon) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + mp.polygons.reduce(0) { $0 + 9 + $1.rings.reduce(0) { $0 + 4 + ($1.count + 1) * 16 } })
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        out.append(1); u32(6); u32(UInt32(mp.polygons.count))
        for p in mp.polygons {
            out.append(1); u32(3); u32(UInt32(p.rings.count))
            for r in p.rings {
                let closed = r.count > 0 && r.first != r.last
                u32(UInt32(r.count + (closed ? 1 : 0)))
                for pt in r { f64(pt.x); f64(pt.y) }
                if closed, let f = r.first { f64(f.x); f64(f.y) }
            }
        }
        return out
    }

    /// Decodes a WKB Point (type 1), with Z or M dropped; nil for another type.
    public static func decodePoint(_ bytes: [UInt8]) throws(DecodeError) -> Point? {
        var r = Reader(bytes: bytes)
        guard try r.header() == 1 else { return nil }
        let x = try r.f64(), y = try r.f64()
        try r.skipExtra()
        return Point(x, y)
    }

    /// Decodes a WKB Polygon or MultiPolygon (either byte order); rings keep their closing point.
    /// Z and M values (ISO types 1003, 2003, 3003, …, as GeoPackages hold them) are dropped.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> MultiPolygon {
        var r = Reader(bytes: bytes)
        let type = try r.header()
        switch type {
        case 3: return MultiPolygon([try r.polygonBody()])
        case 6:
            let n = try r.u32()
            var polys: [Polygon] = []
            polys.reserveCapacity(Int(n))
            for _ in 0..<n {
                let t = try r.header()
                guard t == 3 else { throw .unsupportedType(t) }
                polys.append(try r.polygonBody())
            }
            return MultiPolygon(polys)
        default: throw .unsupportedType(type)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var pos = 0
        var little = true
        /// Coordinates beyond x and y in each point (Z, M or both).
        var extra = 0

        mutating func header() throws(DecodeError) -> UInt32 {
            guard pos < bytes.count else { throw .truncated }
            little = bytes[pos] == 1
            pos += 1
            var type = try u32()
            // EWKB flags (PostGIS) as well as ISO's thousands.
            var dims = 0
            if type & 0x8000_0000 != 0 { dims += 1 }
            if type & 0x4000_0000 != 0 { dims += 1 }
            type &= 0x0FFF_FFFF
            switch type / 1000 {
            case 1, 2: dims = 1
            case 3: dims = 2
            default: break
            }
            extra = dims
            return type % 1000
        }

        mutating func skipExtra() throws(DecodeError) {
            guard pos + 8 * extra <= bytes.count else { throw .truncated }
            pos += 8 * extra
        }

        mutating func u32() throws(DecodeError) -> UInt32 {
            guard pos + 4 <= bytes.count else { throw .truncated }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[pos + k]) << (8 * (little ? k : 3 - k)) }
            pos += 4
            return v
        }

        mutating func f64() throws(DecodeError) -> Double {
            guard pos + 8 <= bytes.count else { throw .truncated }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[pos + k]) << (8 * (little ? k : 7 - k)) }
            pos += 8
            return Double(bitPattern: v)
        }

        mutating func polygonBody() throws(DecodeError) -> Polygon {
            let nr = try u32()
            var rings: [Ring] = []
            for _ in 0..<nr {
                let np = try u32()
                guard Int(np) * (16 + 8 * extra) <= bytes.count - pos else { throw .truncated }
                var ring: Ring = []
                ring.reserveCapacity(Int(np))
                for _ in 0..<np { let x = try f64(); let y = try f64(); try skipExtra(); ring.append(Point(x, y)) }
                rings.append(ring)
            }
            return Polygon(rings: rings)
        }
    }
}
