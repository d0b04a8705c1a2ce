import QuartierCore

/// How a table's columns and labels map onto Quartier's areas, variables and periods.
///
/// Built from command-line options or read from a small mapping file (see `init(mappingFile:)`).
public struct TableMapping: Sendable, Equatable {
    /// long: area, variable, period, value per row; wide: a column per variable; series: a row
    /// per variable and a column per period, for one area (a municipality's fact sheet).
    public enum Layout: String, Sendable {
        case long, wide, auto, series

        /// The layout in German words, for the preview and the command line.
        public var words: String {
            switch self {
            case .long: "Langformat (Gebiet, Variable, Zeitpunkt, Wert)"
            case .wide: "Breitformat (eine Spalte je Variable)"
            case .series: "Zeitreihe (eine Zeile je Merkmal, eine Spalte je Jahr)"
            case .auto: "automatisch"
            }
        }
    }
    public enum Unmapped: String, Sendable {
        /// A variable label that is neither mapped nor a known key is an error.
        case error
        /// Such labels are skipped and counted.
        case skip
        /// A new variable is created with a key derived from the label.
        case create
    }

    public struct VariableSpec: Sendable, Equatable {
        public var key: String
        public var label: String?
        public var unit: String?
        public var source: String?
        public init(key: String, label: String? = nil, unit: String? = nil, source: String? = nil) {
            self.key = key; self.label = label; self.unit = unit; self.source = source
        }
    }

    public var layout: Layout = .auto
    /// Header of the area-code column.
    public var areaColumn: String?
    /// Header of a column with area names (used when areas are created from the table).
    public var areaNameColumn: String?
    /// Header(s) whose values, joined by " / ", name the variable (long layout).
    public var variableColumns: [String] = []
    public var periodColumn: String?
    public var valueColumn: String?
    /// A period for the whole file (wide layout without a period column).
    public var period: String?
    /// Left-pad numeric area codes with zeros to this width ("1" → "01").
    public var areaCodeWidth: Int?
    /// Text put before every area code ("STGT" + "01").
    public var areaCodePrefix: String = ""
    /// Create unknown areas on this level (by name) instead of refusing them.
    public var createAreasLevel: String?
    public var unmapped: Unmapped = .error
    /// File label (or wide column header) → variable.
    public var variables: [String: VariableSpec] = [:]
    public var source: String?
    public var delimiter: UInt8?
    public var encoding: TextEncoding?
    public var decimal: CellParser.DecimalMark?
    /// Series layout: the area's code given, or read from a cell (its first run of digits,
    /// "06440002 Bad Nauheim" → 06440002).
    public var areaCode: String?
    public var areaCell: CellReference?
    /// A column naming each row's area level, and the code prefix per level name ([levels]
    /// Stadtbezirk = SB): tables listing districts and their parts with overlapping numbers.
    public var levelColumn: String?
    public var levelPrefixes: [String: String] = [:]
    /// Column names with a year or a month in them: `Anzahl_{jahr} = sgb2_personen` reads a
    /// column "Anzahl_2018" as sgb2_personen on 31.12.2018; `{monat} / Insgesamt = alo_gesamt`
    /// reads "Januar (31.) / Insgesamt" as alo_gesamt at the end of January of the row's year
    /// (wide layout; IT.NRW and the BA publish months as columns, years as rows).
    public struct YearPattern: Sendable, Equatable {
        public enum Placeholder: Sendable, Equatable { case year, month }
        public var prefix: String
        public var suffix: String
        public var spec: VariableSpec
        public var placeholder: Placeholder = .year

        /// The year ("2018") or month ("01") a column name holds in this pattern's place, if it fits.
        public func match(_ name: String) -> String? {
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count >= prefix.count + suffix.count else { return nil }
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            switch placeholder {
            case .year:
                return middle.count == 4 && middle.allSatisfy(\.isNumber) ? String(middle) : nil
            case .month:
                return Self.month(String(middle))
            }
        }

        static let monthNames = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"]
        static let monthShort = ["jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"]

        /// "Januar", "Februar (28. bzw. 29.)", "Mrz.", "Dez" → "01" … "12": a month name, written
        /// out or shortened, and at most a bracketed note after it.
        static func month(_ text: String) -> String? {
            let lower = text.lowercased().replacingOccurrences(of: "maerz", with: "märz").replacingOccurrences(of: "mrz", with: "mär")
            var word = Substring(lower.prefix { $0.isLetter })
            let rest = lower.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            guard rest.isEmpty || rest == "." || (rest.hasPrefix("(") && rest.hasSuffix(")")) || (rest.hasPrefix(". (") && rest.hasSuffix(")")) else { return nil }
            if word == "jänner" { word = "januar" }
            guard let i = monthNames.firstIndex(of: String(word)) ?? monthShort.firstIndex(of: String(word)) else { return nil }
            return i < 9 ? "0\(i + 1)" : "\(i + 1)"
        }
    }
    public var yearPatterns: [YearPattern] = []
    /// Labels or columns left out on purpose (`Label = -` under [variables]).
    public var skippedLabels: Set<String> = []
    /// Values that stand for "missing" in this file (e.g. -9999): stored as missing.
    public var missingCodes: [Double] = []
    /// The planner confirms that values looking like missing-value codes are real.
    public var confirmValues = false
    /// Values published as codes for missing data; found unannounced, they stop the import.
    public static let sentinelCodes: Set<Double> = [-9999, -999, 99999, 999999, -99999, -9998]
    /// The smallest magnitude of a sentinel code: a value below it needs no look into the set.
    static let smallestSentinel = sentinelCodes.map(abs).min() ?? 0
    /// Rows of areas the atlas does not have (a state-wide table) are skipped and counted
    /// instead of refused.
    public var skipUnknownAreas = false
    /// The sheet of an Excel workbook, by name or 1-based number (the first if nil).
    public var sheet: String?

    public init() {}

    /// Column names of the area code, a code-named column first (the atlas's own downloads have
    /// "Gebietscode" and "Gebiet", the name).
    static let areaHeaders = ["gebietscode", "area_code", "code", "gebiet_nr", "sozialraum_nr", "stadtteil_nr", "gebiet", "area", "sozialraum", "bezirk", "id"]
    static let variableHeaders = ["variable", "merkmal", "kennzahl", "indikator"]
    static let periodHeaders = ["jahr", "year", "stichtag", "datum", "date", "period", "zeitraum"]
    static let valueHeaders = ["wert", "value", "anzahl", "count"]
    static let nameHeaders = ["name", "gebietsname", "area_name", "sozialraum_name", "stadtteil", "gebiet"]
}

/// A mapping file could not be read; the message names the line.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

extension TableMapping {
    /// Reads a mapping file: INI-style sections, `key = value`, `#` comments.
    ///
    /// ```
    /// [columns]
    /// area = Stadtteil_Nr
    /// area_name = Stadtteil
    /// variable = Tabelle, Merkmal     # several columns are joined by " / "
    /// period = Jahr
    /// value = Wert
    ///
    /// [options]
    /// layout = long                   # long | wide | auto
    /// area_code_width = 2
    /// create_areas = Stadtteil        # create unknown areas on this level
    /// unmapped = skip                 # error | skip | create
    /// source = Stadt Flensburg
    ///
    /// [variables]
    /// residents_by_district / residents = einwohner | Einwohnerinnen und Einwohner | Personen
    /// ```
    /// A `[variables]` line maps a label to `key | label | unit | source` (all but the key optional).
    public init(mappingText text: String, file: String) throws(MappingError) {
        self.init()
        var section = ""
        var lineNo = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if let hash = line.firstIndex(of: "#"), section != "variables" || line.trimmingCharacters(in: " \t").hasPrefix("#") {
                line = String(line[..<hash])
            }
            line = line.trimmingCharacters(in: " \t")
            if line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).lowercased()
                guard ["columns", "options", "variables", "levels"].contains(section) else {
                    throw MappingError(file: file, line: lineNo, message: "unbekannter Abschnitt [\(section)]; erwartet [columns], [options], [variables] oder [levels]")
                }
                continue
            }
            guard let eq = line.lastIndex(of: "=") , section == "variables" ? true : line.firstIndex(of: "=") == eq else {
                throw MappingError(file: file, line: lineNo, message: "erwartet „Name = Wert“, gefunden „\(line)“")
            }
            let key = String(line[..<eq]).trimmingCharacters(in: " \t")
            let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: " \t")
            guard !key.isEmpty, !value.isEmpty else {
                throw MappingError(file: file, line: lineNo, message: "Name und Wert dürfen nicht leer sein: „\(line)“")
            }
            switch section {
            case "columns":
                switch key.lowercased() {
                case "area": areaColumn = value
                case "area_name": areaNameColumn = value
                case "variable": variableColumns = value.split(separator: ",").map { String($0).trimmingCharacters(in: " \t") }
                case "period": periodColumn = value
                case "level": levelColumn = value
                case "value": valueColumn = value
                default: throw MappingError(file: file, line: lineNo, message: "unbekannte Spaltenrolle „\(key)“; erwartet area, area_name, variable, period oder value")
                }
            case "options":
                switch key.lowercased() {
                case "layout":
                    guard let l = Layout(rawValue: value.lowercased()) else {
                        throw MappingError(file: file, line: lineNo, message: "layout muss long, wide oder auto sein, nicht „\(value)“")
                    }
                    layout = l
                case "area_code_width":
                    guard let w = Int(value), (1...20).contains(w) else {
                        throw MappingError(file: file, line: lineNo, message: "area_code_width muss eine ganze Zahl von 1 bis 20 sein, nicht „\(value)“")
                    }
                    areaCodeWidth = w
                case "area_code_prefix": areaCodePrefix = value
                case "area_cell":
                    guard let cell = CellReference(value) else {
                        throw MappingError(file: file, line: lineNo, message: "area_cell: erwartet eine Zelle wie A4, nicht „\(value)“")
                    }
                    areaCell = cell
                case "area_code": areaCode = value
                case "create_areas": createAreasLevel = value
                case "unknown_areas":
                    switch value.lowercased() {
                    case "skip": skipUnknownAreas = true
                    case "error": skipUnknownAreas = false
                    default: throw MappingError(file: file, line: lineNo, message: "unknown_areas muss error oder skip sein, nicht „\(value)“")
                    }
                case "unmapped":
                    guard let u = Unmapped(rawValue: value.lowercased()) else {
                        throw MappingError(file: file, line: lineNo, message: "unmapped muss error, skip oder create sein, nicht „\(value)“")
                    }
                    unmapped = u
                case "period": period = value
                case "source": source = value
                case "sheet": sheet = value
                case "delimiter":
                    switch value.lowercased() {
                    case ";", "semicolon", "semikolon": delimiter = 59
                    case ",", "comma", "komma": delimiter = 44
                    case "tab", "\\t": delimiter = 9
                    default: throw MappingError(file: file, line: lineNo, message: "delimiter muss ;, , oder tab sein, nicht „\(value)“")
                    }
                case "encoding":
                    guard let e = TextEncoding(name: value) else {
                        throw MappingError(file: file, line: lineNo, message: "unbekannte Kodierung „\(value)“; erwartet UTF-8, Windows-1252 oder ISO-8859-1")
                    }
                    encoding = e
                case "decimal":
                    switch value.lowercased() {
                    case "comma", "komma", ",": decimal = .comma
                    case "point", "punkt", ".": decimal = .point
                    default: throw MappingError(file: file, line: lineNo, message: "decimal muss comma oder point sein, nicht „\(value)“")
                    }
                case "missing":
                    var codes: [Double] = []
                    for part in value.split(separator: ",") {
                        let t = part.trimmingCharacters(in: .whitespaces)
                        guard let v = Double(t) else {
                            throw MappingError(file: file, line: lineNo, message: "missing: erwartet Zahlen, durch Komma getrennt (z. B. -9999, -999), nicht „\(t)“")
                        }
                        codes.append(v)
                    }
                    missingCodes = codes
                case "confirm_values":
                    confirmValues = ["yes", "ja", "true", "1"].contains(value.lowercased())
                default:
                    throw MappingError(file: file, line: lineNo, message: "unbekannte Option „\(key)“")
                }
            case "levels":
                levelPrefixes[key] = value == "-" ? "" : value
            case "variables":
                if value == "-" {
                    skippedLabels.insert(key)
                    continue
                }
                let parts = value.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " \t") }
                guard Variable.isValidKey(parts[0]) else {
                    throw MappingError(file: file, line: lineNo, message: "„\(parts[0])“ ist kein gültiger Variablenschlüssel (Kleinbuchstaben, Ziffern, _; beginnt mit einem Buchstaben)")
                }
                func part(_ i: Int) -> String? { i < parts.count && !parts[i].isEmpty ? parts[i] : nil }
                let spec = VariableSpec(key: parts[0], label: part(1), unit: part(2), source: part(3))
                // "Anzahl_{jahr} = key": columns named by variable and year ("Anzahl_2018");
                // "{monat} / Insgesamt = key": by month, the year from the row.
                if let r = key.range(of: "{jahr}") ?? key.range(of: "{year}") {
                    yearPatterns.append(YearPattern(prefix: String(key[..<r.lowerBound]), suffix: String(key[r.upperBound...]), spec: spec))
                } else if let r = key.range(of: "{monat}") ?? key.range(of: "{month}") {
                    yearPatterns.append(YearPattern(prefix: String(key[..<r.lowerBound]), suffix: String(key[r.upperBound...]), spec: spec, placeholder: .month))
                } else {
                    variables[key] = spec
                }
            default:
                throw MappingError(file: file, line: lineNo, message: "Eintrag außerhalb eines Abschnitts; zuerst [columns], [options] oder [variables]")
            }
        }
    }
}

/// A spreadsheet cell such as "A4": 0-based column, 1-based row (as lines are counted).
public struct CellReference: Sendable, Hashable {
    public var column: Int
    public var row: Int

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        var col = 0, letters = 0
        for u in t.utf8 {
            guard u >= 65 && u <= 90 else { break }
            col = col * 26 + Int(u - 64)
            letters += 1
        }
        guard (1...3).contains(letters), let row = Int(t.dropFirst(letters)), row >= 1 else { return nil }
        column = col - 1
        self.row = row
    }
}

