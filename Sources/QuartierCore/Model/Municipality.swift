/// A town or Landkreis whose small areas the atlas describes.
public struct Municipality: Sendable, Hashable, Codable {
    public var id: Int64?
    /// Amtlicher Gemeindeschlüssel (8 digits, kept as text so leading zeros survive).
    public var ags: String
    public var name: String

    public init(id: Int64? = nil, ags: String, name: String) {
        self.id = id
        self.ags = ags
        self.name = name
    }
}
