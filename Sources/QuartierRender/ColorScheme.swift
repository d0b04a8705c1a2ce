/// Colour-blind-safe sequential schemes (ColorBrewer, Cynthia Brewer, Apache-2.0 licence),
/// 3 to 7 classes.
public enum ColorScheme: String, Sendable, CaseIterable {
    case orangeRed = "OrRd"
    case blues = "Blues"
    case yellowGreenBlue = "YlGnBu"

    private var ramps: [Int: [String]] {
        switch self {
        case .orangeRed: [
            3: ["#fee8c8", "#fdbb84", "#e34a33"],
            4: ["#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"],
            5: ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
            6: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"],
            7: ["#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"],
        ]
        case .blues: [
            3: ["#deebf7", "#9ecae1", "#3182bd"],
            4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
            5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
            6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
            7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
        ]
        case .yellowGreenBlue: [
            3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
            4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
            5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
            6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
            7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
        ]
        }
    }

    /// `count` colours from light to dark (1 and 2 classes take the middle/ends of the 3-class ramp).
    public func colors(_ count: Int) -> [String] {
        if count <= 0 { return [] }
        if count == 1 { return [ramps[3]![1]] }
        if count == 2 { return [ramps[3]![0], ramps[3]![2]] }
        return ramps[min(count, 7)]!
    }

    /// Whether text on `color` should be dark (true) or light.
    public static func darkText(on color: String) -> Bool {
        guard color.count == 7, let v = Int(color.dropFirst(), radix: 16) else { return true }
        let r = Double((v >> 16) & 255), g = Double((v >> 8) & 255), b = Double(v & 255)
        return 0.299 * r + 0.587 * g + 0.114 * b > 140
    }
}
