import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartierCore
import QuartierStore
import Testing
@testable import QuartierServer

/// Indicators, facilities and area notes in the web UI (issue 19, points 4–6), and
/// post/redirect/get with signed messages (point 10).
@Suite struct ContentAdminTests {
    static func get(_ client: some TestClientProtocol, _ uri: String, _ session: Session? = nil) async throws -> (HTTPResponse.Status, String) {
        let r = try await client.execute(uri: uri, method: .get, headers: session?.headers ?? [:])
        return (r.status, HTTP.body(r))
    }

    @Test func aSuccessfulFormRedirectsWithAMessageOnlyItsSessionCanShow() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil"), anna = try await HTTP.login(client, "anna")
            let r = try await HTTP.post(client, "/intern/verwaltung/massnahmen/neu", [("csrf", emil.csrf), ("titel", "Streetwork"), ("beginn", "2021-01-01"),
                                                                                    ("gebiet", "SR01")], cookie: emil.cookie, follow: false)
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/intern/verwaltung/massnahmen?meldung="))
            #expect(try await Self.get(client, location, emil).1.contains("Maßnahme „Streetwork“ gespeichert."))
            // Another session, or a message changed in the link, shows nothing.
            #expect(!(try await Self.get(client, location, anna).1.contains("gespeichert")))
            let forged = location.replacingOccurrences(of: "meldung=", with: "meldung=QQ")
            let page = try await Self.get(client, forged, emil)
            #expect(page.0 == .ok && !page.1.contains("role=\"status\""))
        }
    }

    @Test func anIndicatorIsCheckedPreviewedSavedAndInternalUntilReleased() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil"), olga = try await HTTP.login(client, "olga")
            let fields = [("schluessel", "sgb2_je_u3"), ("name", "SGB II je Kind unter 3"), ("einheit", "je 100"), ("thema", "Soziale Lage"),
                          ("polaritaet", "need"), ("nachkommastellen", "1")]
            func post(_ extra: [(String, String)], as s: Session) async throws -> TestResponse {
                try await HTTP.post(client, "/intern/verwaltung/indikatoren/neu", fields + extra + [("csrf", s.csrf)], cookie: s.cookie)
            }
            // A viewer may not, whatever the form says.
            #expect(try await post([("formel", "share(sgb2_u15, ew_0_2)"), ("aktion", "speichern")], as: olga).status == .forbidden)
            // A broken formula is marked where it breaks.
            let broken = try await post([("formel", "share(sgb2_u15, ew_0_2"), ("aktion", "vorschau")], as: emil)
            #expect(broken.status == .unprocessableContent)
            #expect(HTTP.body(broken).contains("„)“ erwartet") && HTTP.body(broken).contains("<pre class=\"formula-caret\">share(sgb2_u15, ew_0_2<mark> </mark>"))
            let unknown = try await post([("formel", "share(sgb2_u15, ew_0_99)"), ("aktion", "speichern")], as: emil)
            #expect(HTTP.body(unknown).contains("unbekannte Variable „ew_0_99“") && HTTP.body(unknown).contains("<mark>e</mark>w_0_99)"))
            #expect(try await inst.a.indicator(key: "sgb2_je_u3") == nil)
            // The preview computes the values on the current data without saving.
            let preview = try await post([("formel", "per100(sgb2_u15, ew_0_2)"), ("aktion", "vorschau")], as: emil)
            let html = HTTP.body(preview)
            #expect(preview.status == .ok && html.contains("Vorschau auf den aktuellen Daten") && html.contains("Stand 31.12.2025"))
            let values = try await inst.a.values(variableKeys: ["sgb2_u15", "ew_0_2"], periods: [Period(year: 2025)], areaCodes: ["SR01"])
            let a = try #require(values.first { $0.variableKey == "sgb2_u15" }?.value), b = try #require(values.first { $0.variableKey == "ew_0_2" }?.value)
            #expect(html.contains("<th scope=\"row\">Nordertor</th><td class=\"num\">" + NumberFormatGerman.one(100 * a / b)))
            #expect(try await inst.a.indicator(key: "sgb2_je_u3") == nil)
            // The fragment for the page's script.
            let fragment = try await HTTP.post(client, "/intern/verwaltung/indikatoren/vorschau", fields + [("formel", "per100(sgb2_u15, ew_0_2)"), ("csrf", emil.csrf)],
                                               cookie: emil.cookie)
            #expect(HTTP.body(fragment).hasPrefix("<h2 id=\"h-vorschau\">"))
            // A key that exists is refused for a new indicator.
            #expect(HTTP.body(try await HTTP.post(client, "/intern/verwaltung/indikatoren/neu", fields.map { $0.0 == "schluessel" ? ($0.0, "kinderarmut") : $0 }
                + [("formel", "share(sgb2_u15, ew_0_2)"), ("aktion", "speichern"), ("csrf", emil.csrf)], cookie: emil.cookie)).contains("gibt es schon"))

            let saved = try await post([("formel", "per100(sgb2_u15, ew_0_2)"), ("aktion", "speichern")], as: emil)
            #expect(saved.status == .ok && HTTP.body(saved).contains("Indikator „SGB II je Kind unter 3“ gespeichert."))
            let stored = try #require(try await inst.a.indicator(key: "sgb2_je_u3"))
            #expect(stored.formula == "per100(sgb2_u15, ew_0_2)" && stored.polarity == .higherIsNeed && stored.unit == "je 100")
            #expect(try await inst.a.indicatorReleases()["sgb2_je_u3"] == nil)
            #expect(try await Self.get(client, "/indikator/sgb2_je_u3").0 == .notFound)
            #expect(try await Self.get(client, "/intern/indikator/sgb2_je_u3", emil).0 == .ok)
            // A dated change is a new version; the form lists both.
            _ = try await HTTP.post(client, "/intern/verwaltung/indikatoren/sgb2_je_u3", fields + [("formel", "per100(sgb2_u15, ew_0_2 + ew_3_5)"), ("gueltig_ab", "2024-01-01"),
                                                                                            ("aktion", "speichern"), ("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(try await inst.a.indicatorVersions(key: "sgb2_je_u3").map(\.formula) == ["per100(sgb2_u15, ew_0_2)", "per100(sgb2_u15, ew_0_2 + ew_3_5)"])
            let form = try await Self.get(client, "/intern/verwaltung/indikatoren/sgb2_je_u3", emil).1
            #expect(form.contains("von Anfang an") && form.contains("01.01.2024") && form.contains("readonly"))
            try await inst.a.setReleased(true, datasets: [], indicators: ["sgb2_je_u3"], by: "Test")
            #expect(try await Self.get(client, "/indikator/sgb2_je_u3").1.contains("SGB II je Kind unter 3"))
        }
    }

    @Test func facilitiesAreUploadedEditedDeletedAndReleasedInTheWebUI() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let sr01 = try #require(try await inst.a.areas(levelKey: "sozialraum", includeGeometry: true).first { $0.code == "SR01" })
            let inside = try #require(sr01.multiPolygon?.labelPoint)
            let (lon, lat) = (inside.x, inside.y)
            func upload(_ csv: String, name: String = "spielplaetze.csv") async throws -> TestResponse {
                let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("kategorie", nil, Array("spielplatz".utf8)),
                                                   ("spalte_x", nil, Array("lon".utf8)), ("spalte_y", nil, Array("lat".utf8)), ("crs", nil, Array("EPSG:4326".utf8)),
                                                   ("datei", name, Array(csv.utf8))])
                let r = try await client.execute(uri: "/intern/verwaltung/einrichtungen/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
                guard r.status == .seeOther, let l = r.headers[.location] else { return r }
                return try await client.execute(uri: l, method: .get, headers: emil.headers)
            }
            let before = try await inst.a.facilities().count
            // A point outside every area refuses the whole file, naming it.
            let refused = try await upload("Name;lon;lat\nSpielplatz Deich;\(lon);\(lat)\nSpielplatz Mond;1.0;1.0\n")
            #expect(refused.status == .unprocessableContent && HTTP.body(refused).contains("spielplaetze.csv") && HTTP.body(refused).contains("Spielplatz Mond"))
            #expect(try await inst.a.facilities().count == before)
            let ok = try await upload("Name;lon;lat\nSpielplatz Deich;\(lon);\(lat)\n")
            #expect(ok.status == .ok && HTTP.body(ok).contains("1 Einrichtungen importiert"))
            let added = try #require(try await inst.a.facilities().first { $0.name == "Spielplatz Deich" })
            #expect(added.areaCode == "SR01" && added.release == nil)
            #expect(!(try await Self.get(client, "/api/facilities").1.contains("Spielplatz Deich")))

            let released = try await HTTP.post(client, "/intern/verwaltung/einrichtungen/freigeben", [("csrf", emil.csrf), ("schluessel", added.key)], cookie: emil.cookie)
            #expect(HTTP.body(released).contains("1 freigegeben."))
            #expect(try await Self.get(client, "/api/facilities").1.contains("Spielplatz Deich"))
            // An edit checks its fields, moves the point into its area and makes it internal again.
            let bad = try await HTTP.post(client, "/intern/verwaltung/einrichtungen/\(added.key)", [("csrf", emil.csrf), ("name", "Spielplatz am Deich"), ("kategorie", "spielplatz"),
                                                                                              ("laenge", "neun"), ("breite", "52,6")], cookie: emil.cookie)
            #expect(bad.status == .unprocessableContent && HTTP.body(bad).contains("Feld „Länge“") && HTTP.body(bad).contains("value=\"Spielplatz am Deich\""))
            let edited = try await HTTP.post(client, "/intern/verwaltung/einrichtungen/\(added.key)", [("csrf", emil.csrf), ("name", "Spielplatz am Deich"), ("kategorie", "spielplatz"),
                                                                                                 ("plaetze", ""), ("laenge", String(lon).replacingOccurrences(of: ".", with: ",")),
                                                                                                 ("breite", String(lat))], cookie: emil.cookie)
            #expect(edited.status == .ok)
            let now = try #require(try await inst.a.facilities().first { $0.key == added.key })
            #expect(now.name == "Spielplatz am Deich" && now.release == nil && abs(now.longitude - lon) < 1e-9)
            #expect(!(try await Self.get(client, "/api/facilities").1.contains("Deich")))
            let deleted = try await HTTP.post(client, "/intern/verwaltung/einrichtungen/\(added.key)/loeschen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(HTTP.body(deleted).contains("Einrichtung gelöscht."))
            #expect(try await inst.a.facilities().count == before)
        }
    }

    @Test func anAreaNoteIsInternalUntilReleasedAndThenInTheProfileAndReport() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let text = "Seit 2025 entsteht das Baugebiet <Am Deich> mit 120 Wohnungen."
            let tooLong = try await HTTP.post(client, "/intern/verwaltung/notizen/SR02", [("csrf", emil.csrf), ("text", String(repeating: "x", count: 2_001))], cookie: emil.cookie)
            #expect(tooLong.status == .unprocessableContent && HTTP.body(tooLong).contains("höchstens 2000 Zeichen"))
            #expect(try await HTTP.post(client, "/intern/verwaltung/notizen/XX99", [("csrf", emil.csrf), ("text", "x")], cookie: emil.cookie).status == .notFound)
            let saved = try await HTTP.post(client, "/intern/verwaltung/notizen/SR02", [("csrf", emil.csrf), ("text", text)], cookie: emil.cookie)
            #expect(saved.status == .ok && HTTP.body(saved).contains("Notiz zu SR02 gespeichert"))
            #expect(!(try await Self.get(client, "/gebiet/SR02").1.contains("Am Deich")))
            #expect(try await Self.get(client, "/intern/gebiet/SR02", emil).1.contains("noch nicht freigegeben"))
            _ = try await HTTP.post(client, "/intern/verwaltung/notizen/SR02/freigeben", [("csrf", emil.csrf)], cookie: emil.cookie)
            let profile = try await Self.get(client, "/gebiet/SR02").1
            #expect(profile.contains("Hinweis der Verwaltung") && profile.contains("das Baugebiet &lt;Am Deich&gt; mit 120 Wohnungen"))
            #expect(try await Self.get(client, "/bericht").1.contains("Baugebiet &lt;Am Deich&gt;"))
            // A changed note is internal again.
            _ = try await HTTP.post(client, "/intern/verwaltung/notizen/SR02", [("csrf", emil.csrf), ("text", "Bezug ab 2027.")], cookie: emil.cookie)
            #expect(!(try await Self.get(client, "/gebiet/SR02").1.contains("Hinweis der Verwaltung")))
        }
    }
}

/// The standard catalog in English (issue 19, point 9).
@Suite struct EnglishCatalogTests {
    /// Every German text of the catalog that has an English one: indicator names, definitions,
    /// topics, units, sources, level names.
    static var germanStrings: [String] {
        var out: Set<String> = []
        for i in StandardCatalog.indicators { out.formUnion([i.name, i.definition, i.topic, i.unit, i.source]) }
        out.formUnion(["Sozialraum", "Stadtteil", "Gesamtstadt"])
        return out.filter { StandardCatalog.english($0) != $0 }.sorted()
    }

    @Test func noGermanWordOfTheCatalogRemainsOnAnEnglishIndicatorPage() async throws {
        let store = try await RouteTests.demoStore()
        #expect(Self.germanStrings.count > 60)
        try await RouteTests.app(store).test(.router) { client in
            for ind in StandardCatalog.indicators {
                for query in ["?lang=en", "?lang=en&ebene=stadtteil"] {
                    let r = try await client.execute(uri: "/indikator/\(ind.key)\(query)", method: .get)
                    #expect(r.status == .ok, "\(ind.key)")
                    let page = HTTP.body(r)
                    for german in Self.germanStrings where page.contains(german) {
                        Issue.record("/indikator/\(ind.key)\(query) still says „\(german)“")
                    }
                    #expect(page.contains(StandardCatalog.english(ind.name)))
                }
            }
            // German stays German.
            #expect(HTTP.body(try await client.execute(uri: "/indikator/kinderarmut", method: .get)).contains("Kinderarmut (SGB II unter 15)"))
        }
    }

    /// The other public pages that show catalog texts or generated sentences: no German catalog
    /// text, no German reason for a missing value, and the profile's and the early warning's
    /// sentences in English.
    @Test func theProfileAnalysisPagesAndGeneratedSentencesAreEnglishUnderLangEn() async throws {
        let store = try await RouteTests.demoStore()
        try await RouteTests.app(store).test(.router) { client in
            var pages: [String: String] = [:]
            for path in ["/gebiet/SR06", "/gebiet/SR01?jahr=2018", "/indikator/kinderarmut/zeitreihe?gebiet=SR06", "/streudiagramm",
                         "/indikator/sgb2_quote/veraenderung", "/vergleich?a=SR06&b=SR07", "/sozialindex", "/fruehwarnung"] {
                let r = try await client.execute(uri: path + (path.contains("?") ? "&" : "?") + "lang=en", method: .get)
                #expect(r.status == .ok, "\(path)")
                let page = HTTP.body(r)
                pages[path] = page
                for german in Self.germanStrings where page.contains(german) {
                    Issue.record("\(path)?lang=en still says „\(german)“")
                }
                for german in ["kein Wert für", "geheim gehalten", "Jahre vorher", " der höchste aller ", " deutlich über ", " deutlich unter "] where page.contains(german) {
                    Issue.record("\(path)?lang=en still says „\(german)“")
                }
            }
            let profile = try #require(pages["/gebiet/SR06"])
            #expect(profile.contains("Notable findings"))
            #expect(profile.contains("In the social area ") && (profile.contains("the highest of all 16 social areas") || profile.contains(", clearly ")), "\(profile)")
            #expect(try #require(pages["/fruehwarnung"]).contains("clearly above the town&#39;s value") || pages["/fruehwarnung"]!.contains("clearly above the town's value"))
            // German stays German.
            #expect(HTTP.body(try await client.execute(uri: "/gebiet/SR06", method: .get)).contains("Im Sozialraum "))
        }
    }

    @Test func reasonsForAMissingValueReadInEnglish() {
        let w = Wording.english
        #expect(w.reason("kein Wert für „Einwohner 0 bis 2 Jahre“") == "no value for “Residents aged 0 to 2”")
        #expect(w.reason("kein Wert für „Einwohner 0 bis 2 Jahre“ (2 Jahre vorher)") == "no value for “Residents aged 0 to 2” (2 years earlier)")
        #expect(w.reason("„Einwohner 0 bis 2 Jahre“ ist geheim gehalten") == "“Residents aged 0 to 2” is suppressed")
        #expect(w.reason("„Eigene Zählung“ (2 Jahre vorher) ist geheim gehalten") == "“Eigene Zählung” (2 years earlier) is suppressed")
        #expect(w.reason("Division durch null") == "division by zero")
        #expect(Wording.german.reason("Division durch null") == "Division durch null")
    }
}

/// German one-decimal numbers as the pages write them (1.234,5).
enum NumberFormatGerman {
    static func one(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        let whole = Int(r.magnitude), tenth = Int(((r.magnitude - Double(whole)) * 10).rounded())
        var digits = String(whole), grouped = ""
        while digits.count > 3 { grouped = "." + digits.suffix(3) + grouped; digits = String(digits.dropLast(3)) }
        return (r < 0 ? "−" : "") + digits + grouped + "," + String(tenth)
    }
}
