import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierTestSupport
import Testing

/// Maps and charts as PNG (issue 20, point 5): rendered on the server by librsvg, at the two
/// widths, opened by LibreOffice and by Pillow (from the test venv), with the SVG's colours.
@Suite struct PNGDownloadTests {
    /// Width and height from a PNG's IHDR chunk.
    static func size(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > 24, bytes[0..<8] == [137, 80, 78, 71, 13, 10, 26, 10] else { return nil }
        func u32(_ o: Int) -> Int { Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]) }
        return (u32(16), u32(20))
    }

    @Test func mapsAndChartsDownloadAsPNGAtTwoWidths() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let page = HTTP.body(try await client.execute(uri: "/indikator/kinderarmut", method: .get))
            #expect(page.contains("href=\"/indikator/kinderarmut/karte.png") && page.contains("breite=2400") && page.contains("PNG für den Druck (2400 px)"))
            for (uri, width) in [("/indikator/kinderarmut/karte.png", 1200), ("/indikator/kinderarmut/karte.png?breite=2400", 2400),
                                 ("/indikator/kinderarmut/balken.png", 1200), ("/gebiet/SR06/pyramide.png", 1200),
                                 ("/indikator/kinderarmut/zeitreihe.png?gebiet=SR06", 1200), ("/streudiagramm.png", 1200)] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri)")
                #expect(r.headers[.contentType] == "image/png", "\(uri)")
                let size = Self.size(Array(r.body.readableBytesView))
                #expect(size?.0 == width, "\(uri): \(String(describing: size))")
                // The SVG's aspect ratio.
                let svg = HTTP.body(try await client.execute(uri: uri.replacingOccurrences(of: ".png", with: ".svg").replacingOccurrences(of: "?breite=2400", with: ""), method: .get))
                if let box = svg.range(of: "viewBox=\"0 0 "), let end = svg[box.upperBound...].firstIndex(of: "\""), let size {
                    let wh = svg[box.upperBound..<end].split(separator: " ").compactMap { Double($0) }
                    #expect(abs(Double(size.1) - Double(width) * wh[1] / wh[0]) <= 1, "\(uri)")
                }
            }
            // A width other than the two is refused, not guessed.
            let bad = try await client.execute(uri: "/indikator/kinderarmut/karte.png?breite=99999", method: .get)
            #expect(bad.status == .badRequest)
            #expect(HTTP.body(bad).contains("1200 oder 2400"))
        }
    }

    static let colours = #"""
    import sys, json
    from PIL import Image
    im = Image.open(sys.argv[1]).convert("RGB")
    counts = {}
    for c in sys.argv[2:]:
        rgb = tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
        counts[c] = 0
    pix = im.getdata()
    wanted = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)): c for c in sys.argv[2:]}
    for p in pix:
        if p in wanted: counts[wanted[p]] += 1
    print(json.dumps({"size": im.size, "counts": counts}))
    """#

    @Test(Oracle.needs(python: ["PIL"], "PNG colours read by Pillow"))
    func thePNGShowsTheSVGsClassesAndOpensInLibreOffice() async throws {
        let inst = try await Installation.make()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("karte.png"), svgFile = dir.appendingPathComponent("karte.svg")
        try await inst.app().test(.live) { client in
            try Data(try await client.execute(uri: "/indikator/kinderarmut/karte.svg", method: .get).body.readableBytesView).write(to: svgFile)
            try Data(try await client.execute(uri: "/indikator/kinderarmut/karte.png", method: .get).body.readableBytesView).write(to: file)
        }
        let svg = try String(contentsOf: svgFile, encoding: .utf8)
        // The areas' fill colours in the SVG (the classes), each found in the PNG's pixels.
        let fills = Set(svg.components(separatedBy: "<path d=\"M").dropFirst().compactMap { part -> String? in
            guard let r = part.range(of: "fill=\"#") else { return nil }
            let hex = String(part[r.upperBound...].prefix(6))
            return hex.count == 6 && hex.allSatisfy(\.isHexDigit) ? "#" + hex.lowercased() : nil
        })
        #expect(fills.count >= 5)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Oracle.python)
        p.arguments = ["-c", Self.colours, file.path] + fills.sorted()
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let counts = try #require(json["counts"] as? [String: Int])
        for f in fills.sorted() { #expect((counts[f] ?? 0) > 200, "class colour \(f) is not in the PNG") }
        // LibreOffice opens it (as an image in Draw) and writes it out again.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") {
            let lo = dir.appendingPathComponent("lo")
            let q = Process()
            q.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
            q.arguments = ["--headless", "-env:UserInstallation=file://" + dir.appendingPathComponent("profile").path, "--convert-to", "pdf", "--outdir", lo.path, file.path]
            q.standardOutput = FileHandle.nullDevice
            q.standardError = FileHandle.nullDevice
            try q.run()
            q.waitUntilExit()
            #expect(q.terminationStatus == 0)
            #expect(FileManager.default.fileExists(atPath: lo.appendingPathComponent("karte.pdf").path))
        }
    }
}
