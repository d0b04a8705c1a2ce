import Foundation

/// What a planner knows about an area that the figures do not say: a new estate, a closed
/// school, a changed boundary. Written by staff, shown in the profile and the report; internal
/// until released, and a changed note is internal again until released anew.
public struct AreaNote: Sendable, Hashable, Codable {
    public static let maximumLength = 2_000

    public var areaCode: String
    public var text: String
    public var writtenBy: String?
    public var writtenAt: Date?
    public var release: ReleaseMark?

    public init(areaCode: String, text: String, writtenBy: String? = nil, writtenAt: Date? = nil, release: ReleaseMark? = nil) {
        self.areaCode = areaCode
        self.text = text
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
        self.release = release
    }
}

extension AreaNote {
    public struct TooLong: Error, CustomStringConvertible {
        public var count: Int
        public var description: String { "Feld „Notiz“: höchstens \(AreaNote.maximumLength) Zeichen, gefunden \(count)" }
    }

    /// The text as stored: trimmed, line ends normalised, at most `maximumLength` characters.
    public static func checked(_ text: String) throws -> String {
        let t = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count <= maximumLength else { throw TooLong(count: t.count) }
        return t
    }
}
