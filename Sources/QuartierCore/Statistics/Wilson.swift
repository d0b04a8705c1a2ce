/// Statistics for small numbers.
public enum Reliability {
    /// Wilson score interval for a proportion `successes / trials`, in percent.
    ///
    /// z = 1.959964 gives the 95 % interval. Returns nil when `trials` is not positive.
    public static func wilson(successes: Double, trials: Double, z: Double = 1.959963984540054) -> (lower: Double, upper: Double)? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let p = successes / trials
        let z2 = z * z
        let denom = 1 + z2 / trials
        let centre = (p + z2 / (2 * trials)) / denom
        let half = z * ((p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()) / denom
        return (max(0, centre - half) * 100, min(1, centre + half) * 100)
    }

    /// Default denominator below which a share is flagged as of low reliability.
    public static let defaultMinimumDenominator: Double = 50
}
