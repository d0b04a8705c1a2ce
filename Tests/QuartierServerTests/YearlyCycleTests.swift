import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartierAtlas
import QuartierCore
import QuartierServer
import QuartierStore
import Testing

/// Issue 19, point 1 and 2: a new year's table for one variable, released, moves only the
/// indicators it completes; the release is previewed first.
@Suite struct YearlyCycleTests {
    /// The demo town's population for 2026, nothing else.
    @discardableResult
    static func population2026(_ store: SQLiteAtlasStore) async throws -> Int64 {
        let codes = (1...16).map { String(format: "SR%02d", $0) }
        let batch = ValueBatch(areaCodes: codes, variableKeys: ["ew_gesamt"], periods: ["2026-12-31"],
                               entries: codes.indices.map { .init(area: Int32($0), variable: 0, period: 0, value: Double(1900 + 7 * $0)) })
        return try await store.apply(ImportBatch(label: "ew2026.csv", kind: "values", values: batch), progress: nil).batchID
    }

    /// Point 3: the release page grouped by import or variable, filtered, one action per import,
    /// and a re-release keeps who released first.
    @Test func theReleasePageAtScale() async throws {
        let inst = try await Installation.make()
        let batch = try await Self.population2026(inst.a)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil"), anna = try await HTTP.login(client, "anna")
            func page(_ q: String) async throws -> (HTTPResponse.Status, String) {
                let r = try await client.execute(uri: "/intern/verwaltung" + q, method: .get, headers: emil.headers)
                return (r.status, HTTP.body(r))
            }
            let all = try await page("").1
            #expect(all.contains("Import Nr. \(batch): ew2026.csv") && all.contains("Den internen Datensatz dieses Imports freigeben …"))
            let internalOnly = try await page("?zeigen=intern").1
            #expect(internalOnly.contains("id=\"d-ew_gesamt-2026-12-31\"") && !internalOnly.contains("id=\"d-ew_gesamt-2025-12-31\""))
            #expect(internalOnly.contains("– 1 von "))
            let released = try await page("?zeigen=freigegeben&gruppe=variable").1
            #expect(!released.contains("id=\"d-ew_gesamt-2026-12-31\"") && released.contains("id=\"d-ew_gesamt-2025-12-31\"") && !released.contains("Import Nr."))
            #expect(try await page("?zeigen=irgendwas").0 == .badRequest)
            // The whole import in one action, previewed first.
            let preview = HTTP.body(try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", emil.csrf), ("aktion", "import-\(batch)")], cookie: emil.cookie))
            #expect(preview.contains("Vorschau: so sieht der öffentliche Atlas nach der Freigabe aus") && preview.contains("value=\"ew_gesamt|2026-12-31\""))
            _ = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", emil.csrf), ("aktion", "freigeben"), ("d", "ew_gesamt|2026-12-31")], cookie: emil.cookie)
            // Released again by someone else: the first release stays on record, the second is logged.
            _ = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", anna.csrf), ("aktion", "freigeben"), ("d", "ew_gesamt|2026-12-31")], cookie: anna.cookie)
            let mark = try await inst.a.datasets().first { $0.dataset == Dataset(variableKey: "ew_gesamt", period: Period(date: "2026-12-31")) }?.release
            #expect(mark?.by == "Emil", "\(String(describing: mark))")
        }
        let log = try await inst.instance.audit(town: "weserbrueck").filter { $0.action == "freigegeben" && $0.detail.contains("ew_gesamt 2026-12-31") }
        #expect(log.count == 2)
    }

    static func kWCount(_ s: String) -> Int { s.components(separatedBy: "kein Wert").count - 1 }

    @Test func aPartialNewYearMovesOnlyTheIndicatorsItCompletes() async throws {
        let inst = try await Installation.make()
        let indicators = try await inst.a.indicators().map(\.key)
        try await inst.app().test(.live) { client in
            func get(_ uri: String) async throws -> String { HTTP.body(try await client.execute(uri: uri, method: .get)) }
            var before: [String: String] = [:]
            for key in indicators { before[key] = try await get("/indikator/\(key)") }
            let profileBefore = try await get("/gebiet/SR06")

            try await Self.population2026(inst.a)
            let emil = try await HTTP.login(client, "emil")
            // The preview says what moves and what waits for the rest of the year; nothing is released yet.
            let preview = HTTP.body(try await HTTP.post(client, "/intern/verwaltung/freigabe",
                                                        [("csrf", emil.csrf), ("aktion", "vorschau"), ("d", "ew_gesamt|2026-12-31")], cookie: emil.cookie))
            #expect(preview.contains("Einwohnerinnen und Einwohner: Stand 31.12.2025 → 31.12.2026; Werte in 16 von 16 Gebieten (Sozialraum)."), "\(preview)")
            #expect(preview.contains("Bevölkerungsentwicklung in 5 Jahren: Stand 31.12.2025 → 31.12.2026"))
            #expect(preview.contains("Teiljahr: „Anteil Kinder unter 3 Jahren“ bleibt bei Stand 31.12.2025, denn für den 31.12.2026 fehlen noch Werte für Einwohner 0 bis 2 Jahre (31.12.2026)."))
            #expect(preview.contains("value=\"ew_gesamt|2026-12-31\"") && preview.contains("Freigabe bestätigen"))
            #expect(try await inst.a.publication().datasets.contains(Dataset(variableKey: "ew_gesamt", period: Period(date: "2026-12-31"))) == false)
            let done = try await HTTP.post(client, "/intern/verwaltung/freigabe",
                                           [("csrf", emil.csrf), ("aktion", "freigeben"), ("d", "ew_gesamt|2026-12-31")], cookie: emil.cookie)
            #expect(done.status == .ok)

            // The start page keeps the date most indicators are shown in.
            #expect(try await get("/").contains("Stichtag: 31.12.2025"))
            // Every indicator page shows as many values as before; only the completed ones moved.
            for key in indicators {
                let page = try await get("/indikator/\(key)")
                #expect(Self.kWCount(page) <= Self.kWCount(before[key]!), "\(key)")
                let moved = key == "einwohner" || key == "bevoelkerungsentwicklung_5"
                #expect(page.contains("Gesamtstadt 31.12.\(moved ? 2026 : 2025)"), "\(key)")
            }
            #expect(try await get("/indikator/anteil_u3").contains("für den 31.12.2026 liegen erst andere Daten vor"))
            // The profile: no value lost; the rows that moved say their date.
            let profile = try await get("/gebiet/SR06")
            #expect(Self.kWCount(profile) <= Self.kWCount(profileBefore))
            #expect(profile.contains("Stand 31.12.2026"))
            // A year chosen explicitly shows what exists and says, in words, what is missing.
            let chosen = try await get("/indikator/anteil_u3?jahr=2026")
            #expect(chosen.contains("Für den 31.12.2026 lässt sich „Anteil Kinder unter 3 Jahren“ nicht berechnen; es fehlen Werte für: Einwohner 0 bis 2 Jahre (31.12.2026)."), "\(chosen)")
            // Reasons name variables by their labels, never by their keys.
            #expect(chosen.contains("kein Wert für „Einwohner 0 bis 2 Jahre“") && !chosen.contains("kein Wert für ew_0_2"))
            #expect(chosen.contains("Neuester vollständiger Stand: <a href=\"/indikator/anteil_u3?jahr=2025-12-31&amp;ebene=sozialraum\">31.12.2025</a>"))
            // The API answers in the same period as the page.
            let api = try await get("/api/indicators/anteil_u3")
            #expect(api.contains("2025-12-31") && !api.contains("\"2026-12-31\""), "\(api.prefix(400))")
        }
    }

    /// `quartier release --dry-run` prints the same summary and changes nothing.
    @Test func theSameSummaryOnTheCommandLine() async throws {
        let store = try await RouteTests.demoStore()
        try await Self.population2026(store)
        let preview = try await ReleasePreview.make(store: store, change: PublicationState(datasets: [Dataset(variableKey: "ew_gesamt", period: Period(date: "2026-12-31"))]),
                                                    withdraw: false, minimumDenominator: 50)
        let lines = preview.lines(german: true)
        #expect(lines.first?.text.hasPrefix("Bevölkerungsentwicklung in 5 Jahren: Stand 31.12.2025 → 31.12.2026") == true, "\(lines)")
        #expect(lines.contains { $0.warning && $0.text.hasPrefix("Teiljahr: „Frauenanteil“") })
        // Withdrawing a year that is public names what goes back.
        let withdraw = try await ReleasePreview.make(store: store, change: PublicationState(datasets: [Dataset(variableKey: "ew_gesamt", period: Period(date: "2025-12-31"))]),
                                                     withdraw: true, minimumDenominator: 50)
        #expect(withdraw.lines(german: true).contains { $0.text.hasPrefix("Einwohnerinnen und Einwohner: Stand 31.12.2025 → 31.12.2024") }, "\(withdraw.lines(german: true))")
    }
}
