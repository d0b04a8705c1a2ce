/// Random tokens from the system's cryptographic generator (getrandom on Linux).
public enum RandomToken {
    /// 32 random bytes as 64 hex digits.
    public static func make(bytes: Int = 32) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let b = UInt8.random(in: 0...255, using: &g)
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }.joined()
    }
}
