import Foundation
import QuartierCore

/// The Sozialbericht's content as a sequence of blocks, built once from the report's model and
/// written by each format (PDF, Word): a fix in the content shows in every format.
public enum ReportBlock: Sendable {
    /// A map legend: title, one swatch per class with its label and count, a closing line.
    public struct Legend: Sendable {
        public var title: String
        public var items: [(color: String, label: String)]
        public var note: String
    }

    /// What a paragraph is: body text, a small note (definitions, methods), the planner's own text.
    public enum Style: Sendable { case body, small, planner }
    /// What a level-2 heading opens: an indicator, an area profile, a measure (the web page's sections).
    public enum Part: String, Sendable { case chapter, indicator, profile, measure }

    case titlePage(note: String, title: String, town: String, subtitle: String, lines: [String])
    /// The place of the table of contents.
    case contents
    case heading(String, level: Int, newPage: Bool, part: Part)
    case paragraph(String, style: Style)
    /// Key figures of the town (cards on the web page, a table on paper).
    case keyFigures([(label: String, value: String)])
    case list([String])
    case table(header: [String], rows: [[String]], widths: [Double], numeric: [Bool], size: Double)
    /// A map or chart as SVG with its alternative text, caption (title, source, date) and legend.
    case figure(svg: String, alt: String, caption: String, legend: Legend?)
}

public enum ReportContent {
    /// The whole report, in reading order.
    public static func blocks(_ model: ReportPage.Model) -> [ReportBlock] {
        let lang = model.lang
        let nf = NumberFormat.german
        var out: [ReportBlock] = []
        func paragraphs(_ text: String) {
            for p in text.components(separatedBy: "\n\n") where !p.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                out.append(.paragraph(p.replacingOccurrences(of: "\n", with: " "), style: .planner))
            }
        }
        out.append(.titlePage(note: "Entwurf – erstellt mit Quartier", title: "Sozialbericht", town: model.townName,
                              subtitle: "Kleinräumige Sozialberichterstattung",
                              lines: ["Stichtag \(model.period.germanDate), Ebene \(model.level.name)",
                                      "\(model.chapters.flatMap(\.views).count) Indikatoren in \(model.chapters.count) Themen, \(model.profiles.count) Gebietsprofile"]))
        out.append(.contents)
        let allViews = model.chapters.flatMap(\.views)
        out.append(.heading("Die Stadt auf einen Blick", level: 1, newPage: false, part: .chapter))
        if let intro = model.template.text("einleitung") { paragraphs(intro) }
        var glance: [(label: String, value: String)] = []
        for key in ReportPage.glance {
            guard let v = allViews.first(where: { $0.indicator.key == key }) else { continue }
            glance.append((v.indicator.name, ValueText.format(v.town, indicator: v.indicator, lang: lang)))
        }
        if !glance.isEmpty { out.append(.keyFigures(glance)) }
        if let intro = model.template.text("einleitung") { paragraphs(intro) }
        out.append(.paragraph("Der Bericht beschreibt \(model.profiles.isEmpty ? model.chapters.first?.views.first?.rows.count ?? 0 : model.profiles.count) Gebiete der Ebene \(model.level.name) zum Stichtag \(model.period.germanDate). Werte der Stadt sind aus den summierten Zählern und Nennern berechnet, nicht als Mittel der Gebietswerte.", style: .body))

        var figure = 0
        for (i, c) in model.chapters.enumerated() {
            out.append(.heading("\(i + 1). \(c.topic)", level: 1, newPage: true, part: .chapter))
            if let t = model.template.text("bewertung:" + c.topic) {
                out.append(.heading("Bewertung", level: 3, newPage: false, part: .chapter))
                paragraphs(t)
            }
            for v in c.views {
                out.append(.heading(v.indicator.name, level: 2, newPage: false, part: .indicator))
                out.append(.paragraph(ReportPage.definitionAndSource(v.indicator), style: .small))
                if let sum = ReportPage.summary(v) { out.append(.paragraph(sum, style: .body)) }
                figure += 1
                out.append(.figure(svg: IndicatorPage.mapSVG(v, id: "karte-\(v.indicator.key)"), alt: IndicatorPage.mapDescription(v),
                                   caption: caption(figure, v), legend: legend(v)))
                let rows = IndicatorPage.sortedRows(v).map { row in
                    [row.area.name, ValueText.format(row.outcome, indicator: v.indicator, lang: lang),
                     row.interval.map { "\(nf.format($0.lower, decimals: v.indicator.decimals)) – \(nf.format($0.upper, decimals: v.indicator.decimals))" } ?? "",
                     ValueText.note(row, lang: lang)]
                }
                out.append(.table(header: ["Gebiet", "Wert", "95-%-Intervall", "Hinweis"], rows: rows, widths: [3, 1.4, 2, 3], numeric: [false, true, true, false], size: 8))
            }
            if let t = model.template.text("empfehlung:" + c.topic) {
                out.append(.heading("Handlungsempfehlungen", level: 3, newPage: false, part: .chapter))
                paragraphs(t)
            }
        }
        if model.template.earlyWarning {
            out.append(.heading("Auffälligkeiten (Frühwarnung)", level: 1, newPage: true, part: .chapter))
            out.append(.paragraph("Gebiete, deren 95-%-Intervall ganz auf der Bedarfsseite des städtischen Werts liegt, und Gebiete, deren Wert sich in zwei Jahren so verschlechtert hat, dass sich die Intervalle nicht überschneiden.", style: .small))
            if model.warnings.isEmpty { out.append(.paragraph("Keine Auffälligkeiten.", style: .body)) }
            if !model.warnings.isEmpty { out.append(.list(model.warnings.map(\.sentence))) }
        }
        if !model.measures.isEmpty {
            out.append(.heading("Maßnahmen und ihre Wirkung", level: 1, newPage: true, part: .chapter))
            out.append(.paragraph("Vergleich der Gebiete jeder Maßnahme mit den vor ihrem Beginn ähnlichsten Gebieten ohne sie (Differenz der Differenzen). Ein Hinweis, kein Beweis.", style: .small))
            for x in model.measures {
                out.append(.heading(x.measure.title, level: 2, newPage: false, part: .measure))
                out.append(.paragraph("Seit \(Period(date: x.measure.start).germanDate) in \(x.areaNames.joined(separator: ", "))" + (x.measure.fundingProgramme.isEmpty ? "" : "; \(x.measure.fundingProgramme)") + ".", style: .body))
                if !x.sentences.isEmpty { out.append(.list(x.sentences)) }
            }
        }
        if let t = model.template.text("fazit") {
            out.append(.heading("Fazit und Handlungsempfehlungen", level: 1, newPage: true, part: .chapter))
            paragraphs(t)
        }
        if !model.profiles.isEmpty {
            out.append(.heading("Gebietsprofile", level: 1, newPage: true, part: .chapter))
            for p in model.profiles {
                out.append(.heading(p.area.name, level: 2, newPage: false, part: .profile))
                if let note = model.notes[p.area.code] { out += noteBlocks(note) }
                if !p.statements.isEmpty { out.append(.list(p.statements)) }
                let rows = p.rows.filter { ReportPage.glance.contains($0.indicator.key) }.map { row -> [String] in
                    let d = row.area.outcome.value.flatMap { a in row.town.value.map { a - $0 } }
                    return [row.indicator.name, ValueText.format(row.area.outcome, indicator: row.indicator, lang: lang),
                            ValueText.format(row.town, indicator: row.indicator, lang: lang),
                            row.indicator.isCount ? "" : d.map { nf.signed($0, decimals: row.indicator.decimals) } ?? ""]
                }
                out.append(.table(header: ["Indikator", p.area.name, "Stadt", "Abweichung"], rows: rows, widths: [3, 1.3, 1.3, 1.2], numeric: [false, true, true, true], size: 8))
            }
        }
        if model.template.annex {
            out.append(.heading("Methoden und Quellen", level: 1, newPage: true, part: .chapter))
            out.append(.paragraph(ReportPDF.suppressionRule, style: .body))
            out.append(.table(header: ["Indikator", "Definition", "Formel", "Einheit", "Quelle"],
                              rows: allViews.map { [$0.indicator.name, $0.indicator.definition, $0.indicator.formula, $0.indicator.unit, $0.indicator.source] },
                              widths: [2, 3.2, 2.4, 0.8, 1.6], numeric: [], size: 7))
        }
        return out
    }

    /// "Abbildung 3: Kinderarmut, Sozialraum, 31.12.2025. Quelle: …" (the source without a
    /// doubled full stop).
    static func caption(_ n: Int, _ v: IndicatorPage.Model) -> String {
        var source = v.indicator.source.trimmingCharacters(in: .whitespaces)
        if source.hasSuffix(".") { source.removeLast() }
        return "Abbildung \(n): \(v.indicator.name), \(v.level.name), Stand \(v.period.germanDate)" + (source.isEmpty ? "." : ". Quelle: \(source).")
    }

    /// The indicator map's legend: classes with their counts, withheld areas, the town's value.
    public static func legend(_ v: IndicatorPage.Model) -> ReportBlock.Legend {
        let (cls, colors) = IndicatorPage.colorsAndClasses(v)
        let counts = cls.counts(v.rows.compactMap { $0.outcome.status == .ok || $0.outcome.status == .estimated ? $0.outcome.value : nil })
        var items: [(String, String)] = IndicatorPage.classLabels(v).enumerated().map { k, label in (colors[k], "\(label) (\(v.lang.areas(counts[k])))") }
        let withheld = v.rows.filter { $0.outcome.status == .suppressed }.count
        if withheld > 0 { items.append(("#e8e8e8", "geheim gehalten (\(v.lang.areas(withheld)))")) }
        let missing = v.rows.filter { $0.outcome.status == .missing }.count
        if missing > 0 { items.append(("#f4f4f4", "kein Wert (\(v.lang.areas(missing)))")) }
        let town = "Stadt: " + ValueText.format(v.town, indicator: v.indicator, lang: v.lang)
        return .init(title: "Klassen (\(v.indicator.unit))", items: items, note: IndicatorPage.countNote(v).map { town + ". " + $0 } ?? town)
    }

    /// Every area's profile (Steckbrief), each on a new page: note, statements, age pyramid,
    /// every indicator against the town.
    public static func profiles(townName: String, profiles: [ReportPDF.Profile], lang: Language) -> [ReportBlock] {
        let nf = NumberFormat.forLanguage(lang)
        var out: [ReportBlock] = [.titlePage(note: "Erstellt mit Quartier", title: "Gebietsprofile", town: townName,
                                             subtitle: "\(profiles.count) Steckbriefe" + (profiles.first?.period.map { ", Stichtag \($0.germanDate)" } ?? ""), lines: [])]
        var figure = 0
        for p in profiles {
            out.append(.heading("\(p.area.name) (\(p.levelName) \(p.area.code))", level: 1, newPage: true, part: .chapter))
            if let note = p.note { out += noteBlocks(note) }
            if !p.statements.isEmpty { out.append(.list(p.statements)) }
            if let svg = p.pyramidSVG {
                figure += 1
                out.append(.figure(svg: svg, alt: "Altersaufbau von \(p.area.name): Anteil der Frauen und Männer je Lebensjahr, verglichen mit der Stadt (Linie).",
                                   caption: "Abbildung \(figure): Altersaufbau \(p.area.name)" + (p.period.map { ", Stand \($0.germanDate)" } ?? "") + ".",
                                   legend: nil))
            }
            let rows = p.rows.map { row -> [String] in
                let d = row.area.outcome.value.flatMap { a in row.town.value.map { a - $0 } }
                return [row.indicator.name, ValueText.format(row.area.outcome, indicator: row.indicator, lang: lang),
                        ValueText.format(row.town, indicator: row.indicator, lang: lang),
                        row.indicator.isCount ? "" : d.map { nf.signed($0, decimals: row.indicator.decimals) } ?? ""]
            }
            out.append(.table(header: ["Indikator", p.area.name, "Stadt", "Abweichung"], rows: rows, widths: [3.2, 1.3, 1.3, 1.2], numeric: [false, true, true, true], size: 8))
        }
        return out
    }

    /// A staff note: "Hinweis der Verwaltung:" and its paragraphs.
    static func noteBlocks(_ note: String) -> [ReportBlock] {
        note.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.enumerated().map { i, para in
            .paragraph((i == 0 ? "Hinweis der Verwaltung: " : "") + para.replacingOccurrences(of: "\n", with: " "), style: .body)
        }
    }
}
