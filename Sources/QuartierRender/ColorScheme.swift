/// Colour-blind-safe sequential schemes (ColorBrewer, Cynthia Brewer, Apache-2.0 licence),
/// 3 to 7 classes.
public enum ColorScheme: String, Sendable, CaseIterable {
    case orangeRed = "OrRd"
    case blues = "Blues"
    case yellowGreenBlue = "YlGnBu"
    case purples = "Purples"
    case greens = "Greens"
    /// Diverging, for values around a centre (the town's value, or no change).
    case redBlue = "RdBu"
    case purpleOrange = "PuOr"

    public var isDiverging: Bool { self == .redBlue || self == .purpleOrange }

    public var germanName: String {
        switch self {
        case .orangeRed: "Orange–Rot"
        case .blues: "Blau"
        case .yellowGreenBlue: "Gelb–Grün–Blau"
        case .purples: "Violett"
        case .greens: "Grün"
        case .redBlue: "Blau–Rot um den Stadtwert"
        case .purpleOrange: "Violett–Orange um den Stadtwert"
        }
    }

    public var englishName: String {
        switch self {
        case .orangeRed: "Orange–red"
        case .blues: "Blue"
        case .yellowGreenBlue: "Yellow–green–blue"
        case .purples: "Purple"
        case .greens: "Green"
        case .redBlue: "Blue–red around the town value"
        case .purpleOrange: "Purple–orange around the town value"
        }
    }

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
        case .purples: [
            3: ["#efedf5", "#bcbddc", "#756bb1"],
            4: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"],
            5: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
            6: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
            7: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"],
        ]
        case .greens: [
            3: ["#e5f5e0", "#a1d99b", "#31a354"],
            4: ["#edf8e9", "#bae4b3", "#74c476", "#238b45"],
            5: ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"],
            6: ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"],
            7: ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32"],
        ]
        case .redBlue: [
            3: ["#67a9cf", "#f7f7f7", "#ef8a62"],
            4: ["#0571b0", "#92c5de", "#f4a582", "#ca0020"],
            5: ["#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"],
            6: ["#2166ac", "#67a9cf", "#d1e5f0", "#fddbc7", "#ef8a62", "#b2182b"],
            7: ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"],
        ]
        case .purpleOrange: [
            3: ["#998ec3", "#f7f7f7", "#f1a340"],
            4: ["#5e3c99", "#b2abd2", "#fdb863", "#e66101"],
            5: ["#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101"],
            6: ["#542788", "#998ec3", "#d8daeb", "#fee0b6", "#f1a340", "#b35806"],
            7: ["#542788", "#998ec3", "#d8daeb", "#f7f7f7", "#fee0b6", "#f1a340", "#b35806"],
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
