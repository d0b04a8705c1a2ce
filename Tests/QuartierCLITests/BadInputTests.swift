import QuartierAtlas
import QuartierServer
import Foundation
import QuartierCLI
import QuartierCore
import QuartierFormats
import QuartierStore
import Testing

/// Each bad input must be refused with a message that names the place and the expected form,
/// and must leave the database exactly as it was.
@Suite struct BadInputTests {
    /// A store with three areas and some values, and the service that imports into it.
    func prepared() async throws -> (SQLiteAtlasStore, ImportService, URL) {
        let dir = try Support.temporaryDirectory()
        let store = try SQLiteAtlasStore(path: dir.appendingPathComponent("atlas.sqlite").path)
        let service = ImportService(store: store)
        let geo = try [UInt8](Data(contentsOf: Support.examples.appendingPathComponent("gebiete.geojson")))
        _ = try await service.importAreas(raw: geo, file: "gebiete.geojson", options: .init(levelName: "Sozialraum", codeProperty: "SR_ID", nameProperty: "SR_Name"))
        let lang = try [UInt8](Data(contentsOf: Support.examples.appendingPathComponent("werte-lang.csv")))
        _ = try await service.importTable(raw: lang, file: "werte-lang.csv", mapping: TableMapping())
        return (store, service, dir)
    }

    /// Imports `text` as a table and returns the failure's text, checking the store is unchanged.
    func refusedTable(_ bytes: [UInt8], file: String = "bad.csv", mapping: TableMapping = TableMapping()) async throws -> String {
        let (store, service, _) = try await prepared()
        let before = try await Support.fingerprint(store)
        var message = ""
        do {
            _ = try await service.importTable(raw: bytes, file: file, mapping: mapping)
            Issue.record("import was accepted")
        } catch let f as ImportFailure {
            message = f.description
        }
        #expect(try await Support.fingerprint(store) == before)
        #expect(message.hasSuffix("Nichts wurde importiert."))
        return message
    }

    func refusedAreas(_ text: String, options: ImportService.AreaOptions = .init(levelName: "Sozialraum", codeProperty: "SR_ID", nameProperty: "SR_Name")) async throws -> String {
        let (store, service, _) = try await prepared()
        let before = try await Support.fingerprint(store)
        var message = ""
        do {
            _ = try await service.importAreas(raw: Array(text.utf8), file: "bad.geojson", options: options)
            Issue.record("import was accepted")
        } catch let f as ImportFailure {
            message = f.description
        }
        #expect(try await Support.fingerprint(store) == before)
        return message
    }

    @Test func wrongDelimiter() async throws {
        var m = TableMapping()
        m.delimiter = 44
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025;100\n".utf8), mapping: m)
        #expect(msg.contains("bad.csv:1:"))
        #expect(msg.contains("falsches Trennzeichen?"))
    }

    @Test func unknownAreaCode() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025;100\n1;ew_gesamt;2025;100\n".utf8))
        #expect(msg.contains("bad.csv:3:1: Spalte 1 (Gebiet): gefunden „1“; ein bekannter Gebietscode (z. B. 001, 002, 003)"))
    }

    @Test func badNumber() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025;100\n002;ew_gesamt;2025;12,3,4\n".utf8))
        #expect(msg.contains("bad.csv:3:4: Spalte 4 (Wert): gefunden „12,3,4“; eine Zahl"))
    }

    @Test func duplicateKey() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025;100\n001;ew_gesamt;2025;101\n".utf8))
        #expect(msg.contains("bad.csv:3:4"))
        #expect(msg.contains("001 / ew_gesamt / 2025-12-31"))
        #expect(msg.contains("doppelter Schlüssel"))
    }

    @Test func mixedEncodings() async throws {
        let bytes = Array("Gebiet;Variable;Jahr;Wert\n001;Einwohner ohne deutsche Staatsangehörigkeit;2025;1\n".utf8) + Encode.latin1("002;Einwohner ohne deutsche Staatsangehörigkeit;2025;2\n")
        let msg = try await refusedTable(bytes)
        #expect(msg.contains("bad.csv:3:"))
        #expect(msg.contains("gemischte Kodierungen: Zeile 2 ist UTF-8, Zeile 3 nicht"))
    }

    @Test func emptyFile() async throws {
        let msg = try await refusedTable([])
        #expect(msg.contains("bad.csv: die Datei ist leer"))
        let blank = try await refusedTable(Array("\n\r\n  \n".utf8))
        #expect(blank.contains("die Datei ist leer"))
    }

    @Test func missingValueColumn() async throws {
        var m = TableMapping()
        m.layout = .long
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr\n001;ew_gesamt;2025\n".utf8), mapping: m)
        #expect(msg.contains("bad.csv:1:"))
        #expect(msg.contains("eine Spalte mit dem Wert"))
    }

    @Test func missingNamedColumn() async throws {
        var m = TableMapping()
        m.areaColumn = "Sozialraum_Nr"
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025;1\n".utf8), mapping: m)
        #expect(msg.contains("eine Spalte „Sozialraum_Nr“ für den Gebietscode"))
    }

    @Test func headerOnly() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n".utf8))
        #expect(msg.contains("bad.csv:2: die Datei enthält nur die Kopfzeile") || msg.contains("nur die Kopfzeile"))
    }

    @Test func badPeriod() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;20x5;1\n".utf8))
        #expect(msg.contains("bad.csv:2:3: Spalte 3 (Jahr): gefunden „20x5“; ein Jahr (2024)"))
    }

    @Test func unclosedQuote() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;\"ew_gesamt;2025;1\n002;ew_gesamt;2025;2\n".utf8))
        #expect(msg.contains("bad.csv:2:2"))
        #expect(msg.contains("nicht geschlossen"))
    }

    @Test func tooFewColumns() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2025\n".utf8))
        #expect(msg.contains("bad.csv:2:"))
        #expect(msg.contains("4 Spalten wie in der Kopfzeile"))
    }

    @Test func unmappedVariable() async throws {
        let msg = try await refusedTable(Array("Gebiet;Variable;Jahr;Wert\n001;Kinderzahl;2025;1\n".utf8))
        #expect(msg.contains("bad.csv:2:2: Spalte 2 (Variable): gefunden „Kinderzahl“; eine bekannte Variable"))
    }

    @Test func manyErrorsListTheFirstFiftyThenACount() async throws {
        var text = "Gebiet;Variable;Jahr;Wert\n"
        for i in 0..<60 { text += "001;ew_gesamt;\(1900 + i);zahl\n" }
        let msg = try await refusedTable(Array(text.utf8))
        #expect(msg.components(separatedBy: "gefunden „zahl“").count - 1 == 50)
        #expect(msg.contains("… und 10 weitere Fehler"))
    }

    @Test func invalidGeoJSON() async throws {
        let msg = try await refusedAreas("{\"type\": \"FeatureCollection\",\n \"features\": [ {\"type\": \"Feature\", } ]}")
        #expect(msg.contains("bad.geojson:2:"))
        #expect(msg.contains("gültiges JSON"))
    }

    @Test func polygonWithoutCode() async throws {
        let msg = try await refusedAreas("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"SR_Name":"Ohne Code"},
             "geometry":{"type":"Polygon","coordinates":[[[9,52],[9.1,52],[9.1,52.1],[9,52]]]}}]}
            """)
        #expect(msg.contains("Objekt 1: keine Eigenschaft „SR_ID“"))
        #expect(msg.contains("vorhandene Eigenschaften: SR_Name"))
    }

    @Test func notAFeatureCollection() async throws {
        let msg = try await refusedAreas(#"{"type":"Feature","properties":{},"geometry":null}"#)
        #expect(msg.contains("gefunden „Feature“"))
        #expect(msg.contains("FeatureCollection"))
    }

    @Test func duplicateAreaCodes() async throws {
        let f = #"{"type":"Feature","properties":{"SR_ID":"9"},"geometry":{"type":"Polygon","coordinates":[[[9,52],[9.1,52],[9.1,52.1],[9,52]]]}}"#
        let msg = try await refusedAreas(#"{"type":"FeatureCollection","features":["# + f + "," + f + "]}")
        #expect(msg.contains("eindeutige Gebietscodes; „9“ steht schon bei Objekt 1"))
    }

    @Test func projectedCoordinatesWithoutCRS() async throws {
        let msg = try await refusedAreas(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"SR_ID":"9"},"geometry":{"type":"Polygon","coordinates":[[[512000,5834000],[513000,5834000],[513000,5835000],[512000,5834000]]]}}]}"#)
        #expect(msg.contains("--crs EPSG:25832"))
    }

    @Test func unsupportedGeometryAndCRS() async throws {
        let point = try await refusedAreas(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"SR_ID":"9"},"geometry":{"type":"Point","coordinates":[9,52]}}]}"#)
        #expect(point.contains("Geometrietyp „Point“"))
        let crs = try await refusedAreas(#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999"}},"features":[]}"#)
        #expect(crs.contains("gefunden „EPSG:99999“"), "\(crs)")
    }

    @Test func unknownParentArea() async throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"SR_ID":"9","P":"X1"},"geometry":{"type":"Polygon","coordinates":[[[9,52],[9.1,52],[9.1,52.1],[9,52]]]}}]}"#
        let msg = try await refusedAreas(text, options: .init(levelName: "Block", codeProperty: "SR_ID", parentProperty: "P"))
        #expect(msg.contains("gefunden „X1“"))
    }
}

/// Encodes text as ISO-8859-1, as old register software saves it.
enum Encode {
    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }
}
