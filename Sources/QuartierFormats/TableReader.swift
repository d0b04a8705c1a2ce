import QuartierCore

/// Reads a CSV table in long form (area; variable; period; value) or wide form (area plus one
/// column per variable) into validated `TableData`. All or nothing: any problem throws an
/// `ImportFailure` listing the first 50 issues by line and column.
public struct TableReader {
    public let mapping: TableMapping
    public let context: TableContext

    public init(mapping: TableMapping, context: TableContext) {
        self.mapping = mapping
        self.context = context
    }

    public func read(raw: [UInt8], file: String) throws(ImportFailure) -> TableData {
        if raw.isEmpty || raw.allSatisfy({ $0 == 10 || $0 == 13 || $0 == 32 || $0 == 9 }) {
            throw ImportFailure(ImportIssue(file: file, expected: "die Datei ist leer; erwartet eine Kopfzeile und Datenzeilen"))
        }
        let doc = try CSVDocument(raw: raw, file: file, encoding: mapping.encoding, delimiter: mapping.delimiter, sheet: mapping.sheet)
        if let forced = mapping.decimal {
            var unused = Set<Int>()
            return try read(doc, decimal: forced, invalidColumns: &unused)
        }
        // The decimal mark is decided per column: a comma unless the column's numbers only make
        // sense with a point (12.5); in such a column a cell such as 1.234 could mean 1234 or
        // 1.234 and is refused, and --decimal decides.
        var failing = Set<Int>()
        do {
            return try read(doc, decimal: .comma, invalidColumns: &failing)
        } catch let commaFailure {
            let onlyNumberIssues = commaFailure.issues.allSatisfy { $0.expected == CellParser.expectedNumber }
            if onlyNumberIssues, !failing.isEmpty {
                var unused = Set<Int>()
                do { return try read(doc, decimal: .comma, pointColumns: failing, invalidColumns: &unused) } catch let pointFailure {
                    if pointFailure.issues.contains(where: { $0.expected == Self.ambiguousDecimal }) { throw pointFailure }
                }
            }
            throw commaFailure
        }
    }

    private struct Columns {
        /// The area-code column; nil when the mapping names the one area (`area_code`).
        var area: Int?
        /// The column that marks the header rows: the area column, else the period column.
        var anchor: Int
        var name: Int?
        var variables: [Int] = []
        var period: Int?
        var value: Int?
        var wideVariables: [(column: Int, header: String)] = []
        var needed: Int
        /// Long layout only: a value's status and symbol in their own columns, as
        /// `quartier export --values` writes them (the round trip is exact).
        var status: Int?
        var symbol: Int?
        /// The column naming each row's level (with `[levels]` prefixes).
        var level: Int?
        /// Wide columns named by variable and year (`Anzahl_{jahr}`) or month (`{monat}`; the
        /// year comes from the row).
        var yearColumns: [Int: (spec: TableMapping.VariableSpec, year: String, month: Bool)] = [:]
    }

    /// The expected form of a cell whose decimal mark cannot be told from the file.
    public static let ambiguousDecimal = "eine eindeutige Zahl: mit Dezimalpunkt (wie „12.5“ anderswo in der Datei) wäre das ein Bruch, mit Dezimalkomma eine Zahl mit Tausenderpunkt; --decimal point oder --decimal comma (in der Zuordnungsdatei: decimal = point|comma) entscheidet"

    private func read(_ doc: CSVDocument, decimal: CellParser.DecimalMark, pointColumns: Set<Int> = [],
                      invalidColumns: inout Set<Int>) throws(ImportFailure) -> TableData {
        let file = doc.file
        var issues = IssueCollector()
        var header: [String] = []
        var columns: Columns?
        var layout = mapping.layout
        var data = TableData(file: file, encoding: doc.encoding, delimiterName: doc.delimiterName, layout: .long)

        var areaIndex: [String: Int32] = [:]
        var periodIndex: [String: Int32] = [:]
        var variableIndex: [String: Int32] = [:]       // by key
        var labelResolution: [String: Int32] = [:]      // file label → variable index, -1 = skipped
        var seen = KeySet(capacity: 1 << 16)
        // Raw cell bytes already resolved (long layout), looked up without making strings.
        var areaByBytes = ByteMap(), variableByBytes = ByteMap(), periodByBytes = ByteMap()
        var createdNames: [String: String] = [:]

        var knownByKey: [String: Variable] = [:]
        var keyByLabel: [String: String] = [:]
        for v in context.variables {
            knownByKey[v.key] = v
            keyByLabel[v.label.lowercased()] = v.key
        }

        func headerName(_ i: Int) -> String { i < header.count ? header[i] : "" }

        /// Resolves a label to a variable index; -1 when skipped; nil after recording an issue.
        func resolveVariable(_ label: String, line: Int, column: Int, pattern: TableMapping.VariableSpec? = nil) -> Int32? {
            if let r = labelResolution[label] { return r }
            if mapping.skippedLabels.contains(label) {
                labelResolution[label] = -1
                return -1
            }
            var spec: TableMapping.VariableSpec?
            if let pattern { spec = pattern }
            else if let m = mapping.variables[label] { spec = m }
            else if let v = knownByKey[label] { spec = .init(key: v.key) }
            else if let k = keyByLabel[label.lowercased()] { spec = .init(key: k) }
            else {
                switch mapping.unmapped {
                case .skip:
                    labelResolution[label] = -1
                    data.labelOrder[label] = data.labelOrder.count
                    return -1
                case .create:
                    spec = .init(key: Variable.key(forLabel: label), label: label)
                case .error:
                    issues.add(ImportIssue(file: file, line: line, column: column + 1, columnName: headerName(column), found: label,
                        expected: "eine bekannte Variable (Schlüssel oder Bezeichnung); in der Zuordnungsdatei unter [variables] zuordnen oder unmapped = skip/create setzen"))
                    labelResolution[label] = -2
                    return nil
                }
            }
            guard let spec else { return nil }
            if let idx = variableIndex[spec.key] { labelResolution[label] = idx; return idx }
            var variable: Variable
            if var existing = knownByKey[spec.key] {
                if let l = spec.label { existing.label = l }
                if let u = spec.unit { existing.unit = u }
                if let s = spec.source ?? (existing.source.isEmpty ? mapping.source : nil) { existing.source = s }
                variable = existing
            } else {
                variable = Variable(key: spec.key, label: spec.label ?? label, unit: spec.unit ?? "", source: spec.source ?? mapping.source ?? "")
                data.newVariableKeys.insert(spec.key)
            }
            let idx = Int32(data.variables.count)
            data.variables.append(variable)
            variableIndex[spec.key] = idx
            labelResolution[label] = idx
            return idx
        }

        func normalizeCode(_ raw: String) -> String {
            var code = raw
            if let w = mapping.areaCodeWidth, code.count < w, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                code = String(repeating: "0", count: w - code.count) + code
            }
            return mapping.areaCodePrefix + code
        }

        let digitWidths = Set(context.areaCodes.compactMap { c -> Int? in
            let rest = c.hasPrefix(mapping.areaCodePrefix) ? c.dropFirst(mapping.areaCodePrefix.count) : Substring(c)
            return !rest.isEmpty && rest.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? rest.count : nil
        }).sorted()

        /// The index of a known area code (series layout: the table's one area).
        func areaIndexFor(_ raw: String, line: Int, column: Int?) -> Int32? {
            let code = normalizeCode(raw)
            if let i = areaIndex[code] { return i }
            guard context.areaCodes.contains(code) else {
                issues.add(ImportIssue(file: file, line: line, column: column.map { $0 + 1 }, found: raw,
                                       expected: "ein bekannter Gebietscode" + (context.areaCodes.isEmpty ? "; es sind noch keine Gebiete angelegt" : "")))
                return nil
            }
            let i = Int32(data.areaCodes.count)
            data.areaCodes.append(code)
            areaIndex[code] = i
            return i
        }

        func resolveArea(_ rec: CSVDocument.Record, _ cols: Columns) -> Int32? {
            guard let areaColumn = cols.area else {
                // One area for the whole table (a town's own time series).
                return mapping.areaCode.flatMap { areaIndexFor($0, line: rec.line, column: nil) }
            }
            let raw = rec.string(areaColumn)
            // A row with a name but no code: a total ("Gesamtstadt", "Insgesamt"), left out and listed.
            if raw.isEmpty, let n = cols.name, !rec.string(n).isEmpty {
                data.rowsWithoutCode.append("\(rec.string(n)) (Zeile \(rec.line))")
                return nil
            }
            if raw.isEmpty {
                issues.add(ImportIssue(file: file, line: rec.line, column: areaColumn + 1, columnName: headerName(areaColumn), found: "",
                                       expected: "ein Gebietscode; die Zelle ist leer"))
                return nil
            }
            var code = normalizeCode(raw)
            if let l = cols.level {
                let name = rec.string(l)
                guard let prefix = mapping.levelPrefixes[name] else {
                    issues.add(ImportIssue(file: file, line: rec.line, column: l + 1, columnName: headerName(l), found: name,
                        expected: "eine Ebene aus [levels] der Zuordnung: " + mapping.levelPrefixes.keys.sorted().map { "„\($0)“" }.joined(separator: ", ")))
                    return nil
                }
                code = prefix + code
            }
            // A code a spreadsheet stored as a number lost its leading zeros (01001 → 1001):
            // restored to the width of the atlas's codes that have it.
            if rec.isNumber(areaColumn), !context.areaCodes.contains(code) {
                for w in digitWidths where w > raw.count {
                    let padded = mapping.areaCodePrefix + String(repeating: "0", count: w - raw.count) + raw
                    if context.areaCodes.contains(padded) { code = padded; break }
                }
            }
            if let i = areaIndex[code] { return i }
            if !context.areaCodes.contains(code) {
                if mapping.skipUnknownAreas && mapping.createAreasLevel == nil {
                    data.skippedAreaRows += 1
                    return nil
                } else if let level = mapping.createAreasLevel {
                    let name = cols.name.map { rec.string($0) } ?? code
                    createdNames[code] = name
                    data.newAreas.append(Area(code: code, name: name.isEmpty ? code : name, levelKey: AreaLevel.key(forName: level)))
                } else {
                    let sample = context.areaCodes.sorted().prefix(3).joined(separator: ", ")
                    issues.add(ImportIssue(file: file, line: rec.line, column: areaColumn + 1, columnName: headerName(areaColumn), found: raw,
                        expected: context.areaCodes.isEmpty
                            ? "ein bekannter Gebietscode; es sind noch keine Gebiete angelegt (zuerst Gebiete importieren oder create_areas setzen)"
                            : "ein bekannter Gebietscode (z. B. \(sample))"))
                    return nil
                }
            }
            let i = Int32(data.areaCodes.count)
            data.areaCodes.append(code)
            areaIndex[code] = i
            return i
        }

        func resolvePeriod(_ text: String, line: Int, column: Int?) -> Int32? {
            if let i = periodIndex[text] { return i }
            guard let iso = CellParser.period(text) else {
                issues.add(ImportIssue(file: file, line: line, column: column.map { $0 + 1 }, columnName: column.map(headerName), found: text,
                                       expected: CellParser.expectedPeriod))
                return nil
            }
            let i: Int32
            if let existing = data.periods.firstIndex(of: iso) { i = Int32(existing) } else {
                i = Int32(data.periods.count)
                data.periods.append(iso)
            }
            periodIndex[text] = i
            return i
        }

        func addValue(_ rec: CSVDocument.Record, column: Int, area: Int32, variable: Int32, period: Int32, cols: Columns? = nil) {
            let point = !pointColumns.isEmpty && pointColumns.contains(column)
            if point, !rec.isNumber(column), CellParser.isAmbiguousUnderPoint(rec.bytes(column)) {
                issues.add(ImportIssue(file: file, line: rec.line, column: column + 1, columnName: headerName(column),
                                       found: rec.string(column), expected: Self.ambiguousDecimal))
                return
            }
            let cell = rec.cell(column, decimal: point ? .point : decimal)
            var entry = TableData.Entry(area: area, variable: variable, period: period, status: 0, symbol: 0, value: 0)
            switch cell {
            case .number(let v) where !mapping.missingCodes.isEmpty && mapping.missingCodes.contains(v):
                entry.status = UInt8(ValueStatus.missing.rawValue)
                data.declaredMissing += 1
            case .number(let v):
                entry.value = v
                if !mapping.confirmValues, abs(v) >= TableMapping.smallestSentinel, TableMapping.sentinelCodes.contains(v) {
                    sentinels.append(ImportIssue(file: file, line: rec.line, column: column + 1, columnName: headerName(column), found: rec.string(column),
                        expected: "ein Messwert; \(rec.string(column)) ist ein üblicher Code für fehlende Werte: --missing \(Self.code(v)) (in der Zuordnung missing = \(Self.code(v))) speichert solche Zellen als fehlend, --confirm-values (confirm_values = ja) übernimmt sie als Zahl"))
                }
            case .symbol(let s, let status, let v):
                entry.status = UInt8(status)
                entry.value = v ?? 0
                entry.symbol = UInt8(TableData.symbols.firstIndex(of: s) ?? 0)
            case .empty:
                entry.status = UInt8(ValueStatus.missing.rawValue)
            case .invalid:
                invalidColumns.insert(column)
                issues.add(ImportIssue(file: file, line: rec.line, column: column + 1, columnName: headerName(column),
                                       found: rec.string(column), expected: CellParser.expectedNumber))
                return
            }
            if let c = cols?.status, case let text = rec.string(c), !text.isEmpty {
                guard let status = ValueStatus(key: text) else {
                    issues.add(ImportIssue(file: file, line: rec.line, column: c + 1, columnName: headerName(c), found: text,
                                           expected: "ein Status: ok, suppressed, missing oder estimated"))
                    return
                }
                entry.status = UInt8(status.rawValue)
            }
            if let c = cols?.symbol, case let text = rec.string(c), !text.isEmpty {
                guard let i = TableData.symbols.firstIndex(of: text) else {
                    issues.add(ImportIssue(file: file, line: rec.line, column: c + 1, columnName: headerName(c), found: text,
                                           expected: "ein amtliches Zeichen: -, ., *, /, x oder ..."))
                    return
                }
                entry.symbol = UInt8(i)
            }
            let key = UInt64(variable) << 42 | UInt64(period) << 21 | UInt64(area)
            if !seen.insert(key) {
                issues.add(ImportIssue(file: file, line: rec.line, column: column + 1, columnName: headerName(column),
                    found: "\(data.areaCodes[Int(area)]) / \(data.variables[Int(variable)].key) / \(data.periods[Int(period)])",
                    expected: "jede Kombination aus Gebiet, Variable und Zeitpunkt nur einmal (doppelter Schlüssel)"))
                return
            }
            data.entries.append(entry)
        }

        /// A row with one filled cell that is no known area code: below the table a footnote
        /// or source line. Held back until a later row shows the table goes on.
        func isNote(_ rec: CSVDocument.Record) -> Bool {
            var filled = -1
            for i in 0..<rec.count where !rec.bytes(i).isEmpty {
                if filled >= 0 { return false }
                filled = i
            }
            return filled >= 0 && !rec.isNumber(filled) && !context.areaCodes.contains(normalizeCode(rec.string(filled)))
                && !(mapping.createAreasLevel != nil && filled == columns?.area)
        }
        var firstRow: (line: Int, cells: [String])?
        var held: [CSVDocument.Record] = []

        func process(_ rec: CSVDocument.Record, _ cols: Columns) {
                data.recordsRead += 1
                if rec.count < cols.needed {
                    issues.add(ImportIssue(file: file, line: rec.line, column: rec.count + 1, found: "\(rec.count) Spalten",
                        expected: "\(header.count) Spalten wie in der Kopfzeile (Trennzeichen: \(doc.delimiterName))"))
                    return
                }
                if layout == .long {
                    // A code resolves by its bytes alone unless a level column or a number cell
                    // (leading zeros lost) takes part.
                    let areaBytes = cols.area.flatMap { c in cols.level == nil && !rec.isNumber(c) ? rec.bytes(c) : nil }
                    let area: Int32
                    if let b = areaBytes, let known = areaByBytes.value(b) { area = known } else {
                        guard let a = resolveArea(rec, cols) else { return }
                        if let b = areaBytes, !b.isEmpty { areaByBytes.insert(b, a) }
                        area = a
                    }
                    let variableBytes = cols.variables.count == 1 ? rec.bytes(cols.variables[0]) : nil
                    let v: Int32
                    if let b = variableBytes, let known = variableByBytes.value(b) { v = known } else {
                        let label = cols.variables.map { rec.string($0) }.joined(separator: " / ")
                        guard let r = resolveVariable(label, line: rec.line, column: cols.variables[0]) else { return }
                        if r < 0 { data.skipped[label, default: 0] += 1; return }
                        if let b = variableBytes { variableByBytes.insert(b, r) }
                        v = r
                    }
                    let p: Int32
                    if let c = cols.period, let known = periodByBytes.value(rec.bytes(c)) { p = known } else {
                        let ptext = cols.period.map { rec.string($0) } ?? mapping.period ?? ""
                        guard let r = resolvePeriod(ptext, line: rec.line, column: cols.period) else { return }
                        if let c = cols.period { periodByBytes.insert(rec.bytes(c), r) }
                        p = r
                    }
                    addValue(rec, column: cols.value!, area: area, variable: v, period: p, cols: cols)
                } else {
                    guard let area = resolveArea(rec, cols) else { return }
                    let ptext = cols.period.map { rec.string($0) } ?? mapping.period ?? ""
                    // The row's date is read only when a column without a year of its own needs it.
                    var rowPeriod: Int32??
                    for (column, h) in cols.wideVariables {
                        let byYear = cols.yearColumns[column]
                        guard let v = resolveVariable(h, line: headerLine, column: column, pattern: byYear?.spec) else { continue }
                        if v < 0 { data.skipped[h, default: 0] += 1; continue }
                        let period: Int32?
                        if let byYear, byYear.month {
                            // A month column: the year from the row ("2014" + Januar → 2014-01-31).
                            let year = ptext.trimmingCharacters(in: .whitespaces)
                            guard year.count == 4, CellParser.period(year) != nil else {
                                issues.add(ImportIssue(file: file, line: rec.line, column: cols.period.map { $0 + 1 }, columnName: cols.period.map(headerName), found: ptext,
                                                       expected: "ein Jahr (2014); die Spalte „\(h)“ nennt den Monat"))
                                break
                            }
                            period = resolvePeriod(year + "-" + byYear.year, line: rec.line, column: cols.period)
                        } else if let byYear {
                            period = resolvePeriod(byYear.year, line: headerLine, column: column)
                        } else {
                            if rowPeriod == nil { rowPeriod = .some(resolvePeriod(ptext, line: rec.line, column: cols.period)) }
                            period = rowPeriod ?? nil
                        }
                        guard let period else { if byYear == nil { break } else { continue } }
                        addValue(rec, column: column, area: area, variable: v, period: period)
                    }
                }
        }

        // Series layout (a fact sheet: one area, a row per variable, a column per period).
        var seriesPeriods: [(column: Int, period: Int32)] = []
        var seriesLabels: [String] = []
        var seriesSection: String?
        var seriesArea: Int32?
        var seriesNotes: [String] = []
        func series(_ rec: CSVDocument.Record) {
            let cellsText = (0..<rec.count).map { Self.headerText(rec.string($0)) }
            if let cell = mapping.areaCell, rec.line == cell.row, cell.column < rec.count {
                let digits = cellsText[cell.column].prefix { $0.isNumber }
                if digits.isEmpty {
                    issues.add(ImportIssue(file: file, line: rec.line, column: cell.column + 1, found: cellsText[cell.column],
                                           expected: "einen Gebietsschlüssel am Anfang der Zelle (area_cell)"))
                } else { seriesArea = areaIndexFor(String(digits), line: rec.line, column: cell.column) }
            }
            if seriesPeriods.isEmpty {
                // The header: the first row with two or more periods; the columns before them hold the labels.
                let periods = cellsText.enumerated().filter { CellParser.period($0.element) != nil && $0.element.count >= 4 }
                guard Set(periods.map(\.element)).count >= 2, Set(periods.map(\.element)).count == periods.count else { return }
                for (c, text) in periods {
                    guard let p = resolvePeriod(text, line: rec.line, column: c) else { return }
                    seriesPeriods.append((c, p))
                }
                seriesLabels = Array(cellsText.prefix(periods[0].offset))
                headerLine = rec.line
                return
            }
            let labelCount = seriesLabels.count
            let labels = cellsText.prefix(labelCount)
            if Array(labels) == seriesLabels { return }                     // the header's second row
            let filled = seriesPeriods.filter { !rec.bytes($0.column).isEmpty }
            if filled.isEmpty || filled.allSatisfy({ !rec.isNumber($0.column) && CellParser.period(cellsText[$0.column]) == nil && cellsText[$0.column] == cellsText.first { !$0.isEmpty } }) {
                // No values: a section heading (merged over the label columns), or a note below.
                if let text = cellsText.first(where: { !$0.isEmpty }) { seriesNotes.append(text) }
                return
            }
            if let heading = seriesNotes.last { seriesSection = heading }
            seriesNotes = []
            var parts: [String] = []
            for l in labels where !l.isEmpty && l != "dar." && l != "darunter" && !parts.contains(l) { parts.append(l) }
            let label = ([seriesSection].compactMap { $0 } + parts).joined(separator: " / ")
            guard let area = seriesArea ?? mapping.areaCode.flatMap({ areaIndexFor($0, line: rec.line, column: nil) }) else {
                issues.add(ImportIssue(file: file, line: rec.line, expected: "das Gebiet der Tabelle: area_code = … oder area_cell = A4 in der Zuordnung"))
                return
            }
            data.recordsRead += 1
            guard let v = resolveVariable(label, line: rec.line, column: 0) else { return }
            if v < 0 { data.skipped[label, default: 0] += 1; return }
            for (c, p) in seriesPeriods { addValue(rec, column: c, area: area, variable: v, period: p) }
        }

        var sentinels: [ImportIssue] = []
        var headerLine = 0
        var headerRows = 1
        do {
            try doc.forEachRecord { rec in
                if layout == .series { series(rec); return }
                // A header over several rows (a published table's merged cells): the rows right
                // below the header that repeat its area-column title belong to it, and a
                // column's name is the path through its header cells ("Veränderung / absolut").
                if let cols = columns, headerRows < 4, rec.line <= headerLine + headerRows,
                   Self.headerText(rec.string(cols.anchor)) == header[cols.anchor] {
                    let more = (0..<rec.count).map { Self.headerText(rec.string($0)) }
                    for i in 0..<max(header.count, more.count) {
                        let part = i < more.count ? more[i] : ""
                        if i >= header.count { header.append(part); continue }
                        if !part.isEmpty && !header[i].hasSuffix(part) { header[i] = header[i].isEmpty ? part : header[i] + " / " + part }
                    }
                    headerRows += 1
                    columns = try resolveColumns(header: header, doc: doc, line: headerLine, layout: &layout)
                    return
                }
                guard let cols = columns else {
                    let row = (0..<rec.count).map { Self.headerText(rec.string($0)) }
                    if firstRow == nil { firstRow = (rec.line, row) }
                    // Title rows above the header (a published table's heading) are passed over
                    // until a row names the area column; after 20 rows the first row is the header.
                    if data.titleLines.count < 20, !Self.namesAreaColumn(row, mapping) {
                        // A title merged across the table's width is one text, not one per cell.
                        var parts: [String] = []
                        for cell in row where !cell.isEmpty && cell != parts.last { parts.append(cell) }
                        data.titleLines.append(parts.joined(separator: " "))
                        return
                    }
                    if !Self.namesAreaColumn(row, mapping), let first = firstRow {
                        // Throws: the first row names no area column either, and says so.
                        header = first.cells
                        columns = try resolveColumns(header: header, doc: doc, line: first.line, layout: &layout)
                        return
                    }
                    header = row
                    headerLine = rec.line
                    columns = try resolveColumns(header: header, doc: doc, line: rec.line, layout: &layout)
                    return
                }
                if data.entries.capacity == 0 {
                    // Room for every row's values at once: growing a million entries step by
                    // step copied them over and over (measured).
                    let perRow = layout == .long ? 1 : max(cols.wideVariables.count, 1)
                    data.entries.reserveCapacity(min(doc.lineCount * perRow, 1 << 24))
                }
                if isNote(rec) { held.append(rec); return }
                for h in held { process(h, cols) }
                held.removeAll()
                process(rec, cols)
            }
            data.footnotes = held.map { rec in (0..<rec.count).map { rec.string($0) }.filter { !$0.isEmpty }.joined(separator: " ") }
        } catch let f as ImportFailure {
            throw f
        } catch {
            throw ImportFailure(ImportIssue(file: file, expected: "\(error)"))
        }
        if layout == .series {
            data.footnotes = seriesNotes
            if seriesPeriods.isEmpty {
                issues.add(ImportIssue(file: file, expected: "eine Kopfzeile mit Zeitpunkten als Spalten (z. B. 2020, 2021, …) für layout = series"))
            }
        } else if columns == nil {
            guard let first = firstRow else { throw ImportFailure(ImportIssue(file: file, expected: "die Datei enthält keine Zeilen")) }
            // No row names an area column: the first row's problem says what is missing.
            header = first.cells
            _ = try resolveColumns(header: header, doc: doc, line: first.line, layout: &layout)
            throw ImportFailure(ImportIssue(file: file, line: first.line + 1, expected: "Datenzeilen unter der Kopfzeile; die Datei enthält nur die Kopfzeile"))
        }
        data.sheetName = doc.sheetName
        data.sheetNames = doc.sheetNames
        if data.recordsRead == 0 {
            throw ImportFailure(ImportIssue(file: file, line: 2, expected: "Datenzeilen unter der Kopfzeile; die Datei enthält nur die Kopfzeile"))
        }
        if layout == .wide {
            for (h, n) in Dictionary(grouping: columns!.wideVariables, by: { $0.header }).mapValues(\.count) where n > 1 {
                issues.add(ImportIssue(file: file, line: 1, found: h, expected: "jede Variablenspalte nur einmal (Spalte \(n)-mal vorhanden)"))
            }
        }
        for s in sentinels { issues.add(s) }
        try issues.throwIfAny()
        data.layout = layout
        data.outliers = Self.outliers(data)
        return data
    }

    static func code(_ v: Double) -> String { v == v.rounded() ? String(Int64(v)) : "\(v)" }

    /// Values far outside the spread of their variable and period: more than 20 median absolute
    /// deviations from the median (at least 8 values, and a spread to measure).
    static func outliers(_ data: TableData) -> [String] {
        // Grouped by variable and period with a counting sort (the groups are dense indices).
        let periods = max(data.periods.count, 1)
        let groupCount = data.variables.count * periods
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for e in data.entries where e.status == 0 && e.symbol == 0 { starts[Int(e.variable) * periods + Int(e.period) + 1] += 1 }
        for g in 0..<groupCount { starts[g + 1] += starts[g] }
        var fill = starts
        var cells = [(area: Int32, value: Double)](repeating: (0, 0), count: starts[groupCount])
        for e in data.entries where e.status == 0 && e.symbol == 0 {
            let g = Int(e.variable) * periods + Int(e.period)
            cells[fill[g]] = (e.area, e.value)
            fill[g] += 1
        }
        var out: [String] = []
        var values: [Double] = [], deviations: [Double] = []
        for g in 0..<groupCount where starts[g + 1] - starts[g] >= 8 {
            let group = cells[starts[g]..<starts[g + 1]]
            values.removeAll(keepingCapacity: true)
            for c in group { values.append(c.value) }
            values.sort()
            let median = values[values.count / 2]
            deviations.removeAll(keepingCapacity: true)
            for v in values { deviations.append(abs(v - median)) }
            deviations.sort()
            let mad = deviations[deviations.count / 2]
            guard mad > 0 else { continue }
            for c in group where abs(c.value - median) > 20 * mad {
                let variable = data.variables[g / periods].label, period = data.periods[g % periods]
                out.append("\(variable) \(period): \(data.areaCodes[Int(c.area)]) hat \(code(c.value)), die übrigen liegen um \(code(median))")
                if out.count == 20 { return out }
            }
        }
        return out
    }

    /// The header row of a table as the reader finds it (after title rows), each cell on one
    /// line: what recognises the files of one source.
    public static func headerRow(of doc: CSVDocument, mapping: TableMapping) -> [String]? {
        struct Found: Error {}
        var first: [String]?, found: [String]?
        var rows = 0
        _ = try? doc.forEachRecord { rec in
            let row = (0..<rec.count).map { headerText(rec.string($0)) }
            if first == nil { first = row }
            rows += 1
            if namesAreaColumn(row, mapping) { found = row; throw Found() }
            if rows > 20 { throw Found() }
        }
        return found ?? first
    }

    /// A header cell as one line: line breaks and runs of spaces inside it become one space.
    static func headerText(_ s: String) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }) || s.contains("  ") else { return s }
        return s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }).joined(separator: " ")
    }

    /// "Spalte 3" (or "column 3") → 3: a column given by its number, counted from 1, for
    /// published tables whose code column has no title.
    static func columnNumber(_ s: String) -> Int? {
        let lower = s.lowercased()
        for prefix in ["spalte ", "column "] where lower.hasPrefix(prefix) {
            guard let n = Int(lower.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)), n >= 1, n <= 16_384 else { return nil }
            return n
        }
        return nil
    }

    /// Whether a row could be the header: it holds the mapped area column or a usual name for it.
    static func namesAreaColumn(_ row: [String], _ mapping: TableMapping) -> Bool {
        let lower = Set(row.map { $0.lowercased() })
        // One area for the whole table: the header is the row naming the period column.
        if mapping.areaColumn == nil, mapping.areaCode != nil, mapping.layout != .series {
            if let p = mapping.periodColumn { return columnNumber(p) != nil ? row.filter { !$0.isEmpty }.count >= 2 : lower.contains(p.lowercased()) }
            return TableMapping.periodHeaders.contains { lower.contains($0) }
        }
        // A column given by number ("Spalte 1"): the header is the first row with two filled cells.
        if let explicit = mapping.areaColumn, columnNumber(explicit) != nil { return row.filter { !$0.isEmpty }.count >= 2 }
        if let explicit = mapping.areaColumn { return lower.contains(explicit.lowercased()) }
        return TableMapping.areaHeaders.contains { lower.contains($0) }
    }

    private func resolveColumns(header: [String], doc: CSVDocument, line: Int, layout: inout TableMapping.Layout) throws(ImportFailure) -> Columns {
        let file = doc.file
        let lower = header.map { $0.lowercased() }
        func find(_ explicit: String?, _ candidates: [String], role: String) throws(ImportFailure) -> Int? {
            if let explicit {
                if let n = Self.columnNumber(explicit) {
                    if n <= header.count { return n - 1 }
                    throw ImportFailure(ImportIssue(file: file, line: line, found: "\(header.count) Spalten",
                                                    expected: "eine Spalte \(explicit) für \(role) (Spalten werden ab 1 gezählt)"))
                }
                if let i = header.firstIndex(of: explicit) ?? lower.firstIndex(of: explicit.lowercased()) { return i }
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: doc.delimiter == 9 ? " ⇥ " : String(UnicodeScalar(doc.delimiter))),
                    expected: "eine Spalte „\(explicit)“ für \(role) in der Kopfzeile" + delimiterHint(header, doc)))
            }
            for c in candidates { if let i = lower.firstIndex(of: c) { return i } }
            return nil
        }
        let fixedArea = mapping.areaColumn == nil && mapping.areaCode != nil && layout != .series
        let area = fixedArea ? nil : try find(mapping.areaColumn, TableMapping.areaHeaders, role: "den Gebietscode")
        if area == nil && !fixedArea {
            throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                expected: "eine Spalte mit dem Gebietscode (z. B. „Gebiet“ oder „Code“, oder per area = … in der Zuordnung)" + delimiterHint(header, doc)))
        }
        var name = fixedArea ? nil : try find(mapping.areaNameColumn, mapping.areaColumn == nil ? TableMapping.nameHeaders : [], role: "den Gebietsnamen")
        if name == area { name = nil }
        var variableCols: [Int] = []
        for v in mapping.variableColumns {
            if let i = try find(v, [], role: "die Variable") { variableCols.append(i) }
        }
        if variableCols.isEmpty, let i = try find(nil, TableMapping.variableHeaders, role: "die Variable") { variableCols = [i] }
        let period = try find(mapping.periodColumn, TableMapping.periodHeaders, role: "den Zeitpunkt")
        let level = try find(mapping.levelColumn, [], role: "die Ebene")
        let value = try find(mapping.valueColumn, TableMapping.valueHeaders, role: "den Wert")
        if layout == .auto { layout = (!variableCols.isEmpty && value != nil) ? .long : .wide }
        guard let anchor = area ?? period else {
            throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                expected: "eine Spalte mit dem Zeitpunkt (z. B. „Jahr“) für eine Tabelle eines Gebiets (area_code = \(mapping.areaCode ?? ""))" + delimiterHint(header, doc)))
        }
        var cols = Columns(area: area, anchor: anchor, name: name, variables: variableCols, period: period, value: value, needed: 0)
        cols.level = level
        if layout == .long {
            guard !variableCols.isEmpty else {
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                    expected: "eine Spalte mit der Variablen (z. B. „Variable“ oder „Merkmal“) für das Langformat" + delimiterHint(header, doc)))
            }
            guard let value else {
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                    expected: "eine Spalte mit dem Wert (z. B. „Wert“) für das Langformat" + delimiterHint(header, doc)))
            }
            if period == nil && mapping.period == nil {
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                    expected: "eine Spalte mit dem Zeitpunkt (z. B. „Jahr“) oder die Angabe des Zeitpunkts für die ganze Datei (--period)"))
            }
            cols.needed = ([area, value, period].compactMap { $0 } + variableCols).max()! + 1
            cols.status = lower.firstIndex(of: "status")
            cols.symbol = lower.firstIndex(of: "zeichen")
        } else {
            let reserved = Set([area, name, period, level].compactMap { $0 })
            for (i, h) in header.enumerated() where !reserved.contains(i) {
                if h.isEmpty {
                    throw ImportFailure(ImportIssue(file: file, line: line, column: i + 1, found: "", expected: "eine Überschrift für jede Spalte"))
                }
                cols.wideVariables.append((i, h))
                for p in mapping.yearPatterns { if let y = p.match(h) { cols.yearColumns[i] = (p.spec, y, p.placeholder == .month); break } }
            }
            // Columns left without a year of their own need the row's or the file's date.
            let needsPeriod = cols.wideVariables.contains { (cols.yearColumns[$0.column] == nil || cols.yearColumns[$0.column]!.month) && !mapping.skippedLabels.contains($0.header) }
            if needsPeriod && period == nil && mapping.period == nil && !(mapping.unmapped == .skip && !cols.yearColumns.isEmpty) {
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                    expected: "für das Breitformat eine Spalte „Jahr“ oder die Angabe des Zeitpunkts für die ganze Datei (--period)" + delimiterHint(header, doc)))
            }
            if cols.wideVariables.isEmpty {
                throw ImportFailure(ImportIssue(file: file, line: line, found: header.joined(separator: " | "),
                    expected: "mindestens eine Spalte mit Werten neben dem Gebietscode" + delimiterHint(header, doc)))
            }
            cols.needed = header.count
        }
        return cols
    }

    private func delimiterHint(_ header: [String], _ doc: CSVDocument) -> String {
        guard header.count == 1 else { return "" }
        let others: [(UInt8, String)] = [(59, ";"), (44, ","), (9, "Tabulator")]
        if let other = others.first(where: { $0.0 != doc.delimiter && header[0].utf8.contains($0.0) }) {
            return "; die Kopfzeile hat mit dem Trennzeichen \(doc.delimiterName) nur eine Spalte, enthält aber „\(other.1)“ – falsches Trennzeichen?"
        }
        return "; die Kopfzeile hat nur eine Spalte (Trennzeichen: \(doc.delimiterName))"
    }
}
