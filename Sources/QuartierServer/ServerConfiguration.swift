/// How the atlas server runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Denominator below which a rate is flagged "low reliability".
    public var minimumDenominator: Double

    public init(host: String = "127.0.0.1", port: Int = 8080, minimumDenominator: Double = 50) {
        self.host = host
        self.port = port
        self.minimumDenominator = minimumDenominator
    }
}
