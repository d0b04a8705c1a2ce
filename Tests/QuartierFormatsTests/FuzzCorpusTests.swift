import Foundation
import QuartierCore
import QuartierDemo
import QuartierFormats
import QuartierFuzzTargets
import Testing
import ZIPFoundation

/// Replays the committed fuzz corpus (`Fuzz/corpus/`) through the harness bodies, so that every
/// input libFuzzer once found interesting keeps being read or refused without a crash. The seeds
/// are written by Quartier's own code: `QUARTIER_WRITE_FUZZ_CORPUS=1 swift test --filter FuzzCorpusTests`;
/// Quartier writes no .xls, so FuzzXLS's seed is a five-row CSV of its own saved by LibreOffice
/// (`soffice --convert-to xls`).
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Fuzz/corpus")

    static func seeds() throws -> [String: [(String, [UInt8])]] {
        func example(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: root.appendingPathComponent("examples/" + name))) }
        let shapefile = DemoFiles.shapefile()
        let archive = try Archive(data: Data(), accessMode: .create)
        for (ext, bytes) in shapefile.sorted(by: { $0.key < $1.key }) {
            let data = Data(bytes)
            try archive.addEntry(with: "Daten/sozialraeume.\(ext)", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in
                data.subdata(in: Int(p)..<(Int(p) + n))
            }
        }
        let boundary = "QuartierSeedBoundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"t.csv\"\r\n\r\nGebiet;Wert\r\n--\(boundary)--\r\n"
        var csv = CSVWriter()
        csv.row(["Gebiet", "Variable", "Jahr", "Wert"])
        for (k, v) in [1_234.5, -3, 0.25].enumerated() { csv.row([.text("SR0\(k + 1)"), "ew_gesamt", "2024", CSVWriter.number(v)]) }
        return [
            "FuzzCSV": [("werte-lang.csv", try example("werte-lang.csv")), ("werte-breit.csv", try example("werte-breit.csv")), ("writer.csv", Array(csv.text.utf8))],
            "FuzzGeoJSON": [("demo.geojson", Array(DemoFiles.geoJSON().utf8)), ("gebiete.geojson", try example("gebiete.geojson"))],
            "FuzzShapefile": [("demo.bin", FuzzTargets.shapefileInput(shapefile))],
            "FuzzZip": [("demo.zip", [UInt8](archive.data ?? Data()))],
            "FuzzMultipart": [("form.bin", [UInt8(boundary.utf8.count)] + Array(boundary.utf8) + Array(body.utf8)),
                              ("urlencoded.bin", [0] + Array("csrf=abc&login=anna&weiter=%2Fintern%2F".utf8))],
            "FuzzFormula": StandardCatalog.indicators.enumerated().map { ("catalog-\($0.offset).txt", Array($0.element.formula.utf8)) },
        ]
    }

    @Test func theCorpusIsReadOrRefusedWithoutACrash() throws {
        if ProcessInfo.processInfo.environment["QUARTIER_WRITE_FUZZ_CORPUS"] == "1" {
            for (name, files) in try Self.seeds() {
                let dir = Self.corpus.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                for (file, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent("seed-" + file)) }
            }
        }
        var replayed = 0
        for (name, run) in FuzzTargets.all {
            let dir = Self.corpus.appendingPathComponent(name)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.sorted() ?? []
            #expect(!files.isEmpty, "no corpus for \(name)")
            for f in files {
                run([UInt8](try Data(contentsOf: dir.appendingPathComponent(f))))
                replayed += 1
            }
        }
        #expect(replayed >= 6)
    }

    /// The seeds are real inputs: each is accepted by its reader (so fuzzing starts from the inside).
    @Test func theSeedsAreAccepted() throws {
        let seeds = try Self.seeds()
        let reader = TableReader(mapping: TableMapping(), context: TableContext(areaCodes: ["SR01", "SR02", "SR03", "001", "002"], variables: StandardCatalog.variables))
        _ = try reader.read(raw: seeds["FuzzCSV"]![2].1, file: "writer.csv")
        _ = try GeoJSONAreaReader(codeProperty: "SR_ID", levelKey: "sozialraum").read(raw: seeds["FuzzGeoJSON"]![0].1, file: "demo.geojson")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-seed-\(UUID().uuidString).zip").path
        try Data(seeds["FuzzZip"]![0].1).write(to: URL(fileURLWithPath: path))
        let zip = try ShapefileArchive.files(zip: path, name: "demo.zip")
        #expect(try ShapefileReader(name: zip.name, files: zip.files).read().records.count == 16)
        for (_, formula) in seeds["FuzzFormula"]! { _ = try Formula(String(decoding: formula, as: UTF8.self)) }
    }
}
