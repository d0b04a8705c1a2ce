import Crypto

/// The SHA-256 (swift-crypto) of a session or upload token, as 64 hex digits: the database holds
/// only this digest, so a copy of it carries no usable session. Not for passwords (bcrypt).
public enum TokenDigest {
    public static func hex(_ token: String) -> String {
        hex(bytes: Array(token.utf8))
    }

    public static func hex(bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in SHA256.hash(data: bytes) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
