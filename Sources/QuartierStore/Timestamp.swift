import Foundation

/// How every store writes and reads points in time: ISO 8601 in UTC to the second
/// ("2026-11-25T03:43:49Z"), which also sorts as text. One Sendable format style instead of a
/// new formatter per value.
enum Timestamp {
    private static let style = Date.ISO8601FormatStyle()

    static func string(_ d: Date) -> String { style.format(d) }

    static func date(_ s: String?) -> Date? { s.flatMap { try? style.parse($0) } }
}
