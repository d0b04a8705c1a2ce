import Foundation
import QuartierCore
import QuartierFormats
import QuartierStore

/// The guided import of a table: which columns (or labels) are unknown, which variable each
/// most likely is, the mapping the planner's choices make, and the source templates that read
/// the next file of the same source without asking again.
public enum SourceTemplates {
    /// A planner's choice for one unknown label or column.
    public enum Choice: Sendable, Hashable {
        case variable(String)
        case create
        case skip
    }

    /// The header that recognises a source's files: its cells on one line each, joined.
    /// Only the mapping's sheet, encoding and delimiter count: an upload is recognised before
    /// any mapping is known, so a template's header is found the same way.
    public static func fingerprint(raw: [UInt8], file: String, mapping: TableMapping) -> String? {
        var base = TableMapping()
        base.sheet = mapping.sheet
        base.encoding = mapping.encoding
        base.delimiter = mapping.delimiter
        guard let doc = try? CSVDocument(raw: raw, file: file, encoding: base.encoding, delimiter: base.delimiter, sheet: base.sheet),
              let row = TableReader.headerRow(of: doc, mapping: base), !row.isEmpty else { return nil }
        return (doc.sheetName.map { ["[\($0)]"] } ?? []) .joined() + row.joined(separator: " | ")
    }

    /// The template made for files with this header, if there is one: the same header, or the
    /// same header with other years in it (next year's file of the source: "2021 … 2025" where the
    /// template saw "2020 … 2024"). In the second case a date the template fixes for the whole
    /// file is not carried over (`sameYears` false): the planner is asked for it instead.
    public static func matching(raw: [UInt8], file: String, mapping: TableMapping, store: any AtlasStore) async throws -> (template: SourceTemplate, sameYears: Bool)? {
        guard let header = fingerprint(raw: raw, file: file, mapping: mapping) else { return nil }
        let templates = try await store.sourceTemplates()
        if let t = templates.first(where: { $0.header == header }) { return (t, true) }
        let masked = withoutYears(header)
        guard var t = templates.first(where: { withoutYears($0.header) == masked }) else { return nil }
        t.mapping = withoutFilePeriod(t.mapping)
        return (t, false)
    }

    /// A header with every year (1900–2099, standing alone or in a name like "Anzahl_2018")
    /// replaced by a placeholder.
    static func withoutYears(_ header: String) -> String {
        let u = Array(header.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        func digit(_ k: Int) -> Bool { k >= 0 && k < u.count && u[k] >= 48 && u[k] <= 57 }
        while i < u.count {
            if i + 4 <= u.count, (u[i] == 49 && u[i + 1] == 57) || (u[i] == 50 && u[i + 1] == 48), digit(i + 2), digit(i + 3), !digit(i - 1), !digit(i + 4) {
                out += Array("{jahr}".utf8)
                i += 4
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A mapping's text without `period = …` under [options] (the date fixed for a whole file).
    static func withoutFilePeriod(_ text: String) -> String {
        var section = ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") { section = t.lowercased() }
            return !(section == "[options]" && t.lowercased().hasPrefix("period") && t.dropFirst(6).trimmingCharacters(in: .whitespaces).hasPrefix("="))
        }.joined(separator: "\n")
    }

    /// Whether every problem of a check is an unknown variable (so that choosing variables would
    /// let the file in).
    public static func onlyUnknownVariables(_ f: ImportFailure) -> Bool {
        !f.issues.isEmpty && f.issues.allSatisfy { $0.expected.hasPrefix("eine bekannte Variable") }
    }

    /// The values of a failed check that look like missing-value codes (-9999), if every problem
    /// is such a code or an unknown variable.
    public static func missingValueCodes(_ f: ImportFailure) -> [String]? {
        let codes = f.issues.filter { $0.expected.hasPrefix("ein Messwert;") }
        guard !codes.isEmpty, f.issues.allSatisfy({ $0.expected.hasPrefix("ein Messwert;") || $0.expected.hasPrefix("eine bekannte Variable") }) else { return nil }
        var seen: [String] = []
        for c in codes { if let v = c.found, !seen.contains(v) { seen.append(v) } }
        return seen
    }

    /// Whether the check failed (also) because cells such as 1.464 could be read with either
    /// decimal mark, and otherwise only for questions the mapping step asks.
    public static func needsDecimal(_ f: ImportFailure) -> Bool {
        f.issues.contains { $0.expected == TableReader.ambiguousDecimal }
            && f.issues.allSatisfy { $0.expected == TableReader.ambiguousDecimal || $0.expected.hasPrefix("eine bekannte Variable") || $0.expected.hasPrefix("ein Messwert;") }
    }

    /// Whether the check failed only for want of a reference date for the whole file.
    public static func needsPeriod(_ f: ImportFailure) -> Bool {
        f.issues.count == 1 && f.issues[0].expected.contains("Angabe des Zeitpunkts für die ganze Datei")
    }

    /// The unknown labels (long layout) or columns (wide layout) of a table, in file order.
    public static func unknownLabels(raw: [UInt8], file: String, mapping: TableMapping, store: any AtlasStore) async throws -> [String] {
        var m = mapping
        m.unmapped = .skip
        m.confirmValues = true
        let data: TableData
        do {
            data = try await ImportService(store: store).checkTable(raw: raw, file: file, mapping: m)
        } catch let f as ImportFailure where mapping.decimal == nil && needsDecimal(f) {
            // Only the decimal mark is open: the labels are the same under either reading.
            m.decimal = .point
            data = try await ImportService(store: store).checkTable(raw: raw, file: file, mapping: m)
        }
        return data.skipped.keys.sorted { (data.labelOrder[$0] ?? .max, $0) < (data.labelOrder[$1] ?? .max, $1) }
            .filter { !mapping.skippedLabels.contains($0) }
    }

    /// Words that say nothing about which variable a column is.
    static let generic: Set<String> = ["insgesamt", "gesamt", "anzahl", "zahl", "personen", "davon", "darunter", "mit", "und", "der", "die",
                                        "das", "den", "von", "im", "in", "nach", "je", "pro", "bis", "zum", "am", "ab", "unter", "über"]

    /// The variable a label most likely means: same key or label, else the one whose words the
    /// label's words cover best (words match when equal or sharing their first six letters, so
    /// "Einwohnende" meets "Einwohner"); a total ("insgesamt") prefers a total variable. Nil if
    /// no variable shares a meaningful word.
    public static func suggestion(for label: String, among variables: [Variable]) -> String? {
        let l = label.lowercased()
        if let v = variables.first(where: { $0.key == l || $0.label.lowercased() == l }) { return v.key }
        func words(_ s: String) -> [String] { s.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 1 } }
        func same(_ a: String, _ b: String) -> Bool { a == b || (a.count >= 6 && b.count >= 6 && a.prefix(6) == b.prefix(6)) }
        let all = words(label)
        let meaningful = all.filter { !generic.contains($0) }
        guard !meaningful.isEmpty else { return nil }
        let total = all.contains { $0 == "insgesamt" || $0 == "gesamt" }
        var best: (key: String, score: Double)?
        for v in variables {
            let vw = Set(words(v.label) + words(v.key.replacingOccurrences(of: "_", with: " "))).filter { !generic.contains($0) }
            guard !vw.isEmpty, meaningful.contains(where: { w in vw.contains { same(w, $0) } }) else { continue }
            let covered = Double(vw.filter { x in meaningful.contains { same($0, x) } }.count) / Double(vw.count)
            let bonus = total && (v.key.hasSuffix("gesamt") || v.label.lowercased().contains("insgesamt")) ? 0.25 : 0
            let score = covered + bonus
            if score > (best?.score ?? 0) { best = (v.key, score) }
        }
        return best?.key
    }

    /// The mapping the choices make, on top of `base` (an uploaded mapping or template).
    public static func mappingText(base: String?, period: String?, choices: [(label: String, choice: Choice)],
                                   missing: [Double] = [], confirmValues: Bool = false, decimal: CellParser.DecimalMark? = nil) -> String {
        var text = base.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
        var options: [String] = []
        if let decimal { options.append("decimal = " + (decimal == .point ? "point" : "comma")) }
        if let period, !period.isEmpty { options.append("period = \(period)") }
        if !missing.isEmpty { options.append("missing = " + missing.map { $0 == $0.rounded() ? String(Int64($0)) : "\($0)" }.joined(separator: ", ")) }
        if confirmValues { options.append("confirm_values = ja") }
        if !options.isEmpty { text += "[options]\n" + options.joined(separator: "\n") + "\n" }
        text += "[variables]\n"
        for (label, choice) in choices {
            // Under [variables] only a line that starts with "#" is a comment.
            let name = label.replacingOccurrences(of: "\n", with: " ")
            switch choice {
            case .variable(let key): text += "\(name) = \(key)\n"
            case .create: text += "\(name) = \(Variable.key(forLabel: label)) | \(name.replacingOccurrences(of: "|", with: "/"))\n"
            case .skip: text += "\(name) = -\n"
            }
        }
        return text
    }
}
