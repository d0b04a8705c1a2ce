import Foundation
import QuartierCore

/// The Sozialbericht for the committee as a PowerPoint presentation (PPTX): a title slide, a
/// contents slide, then one slide per indicator of the report's template with its map (as a
/// picture with alternative text), legend, the town's value, the generated statement and the
/// source. Slide titles are title placeholders, so the outline and screen readers find them.
public enum ReportPPTX {
    static let slideWidth = 12_192_000, slideHeight = 6_858_000   // 16:9
    static let imagePixels = 1_400

    public static func presentation(_ model: ReportPage.Model) throws -> Data {
        let views = model.chapters.flatMap(\.views)
        var figures: [String] = []
        var captions: [String] = []
        for v in views {
            figures.append(IndicatorPage.mapSVG(v, id: "karte-\(v.indicator.key)"))
            captions.append(ReportContent.caption(figures.count, v))
        }
        let pngs = try OfficePackage.images(figures, width: imagePixels)
        var slides: [(xml: String, image: Int?)] = []
        // Title slide.
        slides.append((slide([title("Sozialbericht \(model.townName)", y: 2_200_000, size: 4000),
                              textBox(id: 3, name: "Untertitel", x: 685_800, y: 3_500_000, w: 10_820_400, h: 1_400_000,
                                      paragraphs: [[("Kleinräumige Sozialberichterstattung", 2000, true, nil)],
                                                   [("Stichtag \(model.period.germanDate), Ebene \(model.level.name)", 1600, false, nil)],
                                                   [("Entwurf – erstellt mit Quartier", 1200, false, "555555")]])]), nil))
        // Contents.
        var contents: [[(String, Int, Bool, String?)]] = []
        for (i, c) in model.chapters.enumerated() {
            contents.append([("\(i + 1). \(c.topic)", 1600, true, nil)])
            contents.append([(c.views.map(\.indicator.name).joined(separator: " · "), 1200, false, "444444")])
        }
        slides.append((slide([title("Inhalt", y: 300_000, size: 3200),
                              textBox(id: 3, name: "Inhalt", x: 685_800, y: 1_300_000, w: 10_820_400, h: 5_200_000, paragraphs: contents)]), nil))
        for (k, v) in views.enumerated() {
            let legend = ReportContent.legend(v)
            // The map in a box on the left, keeping its aspect ratio.
            let boxX = 457_200, boxY = 1_250_000, boxW = 7_000_000, boxH = 5_000_000
            let aspect = SVGToPDF.height(figures[k], width: 1000) / 1000
            var w = boxW, h = Int(Double(boxW) * aspect)
            if h > boxH { h = boxH; w = Int(Double(boxH) / aspect) }
            var side: [[(String, Int, Bool, String?)]] = [[(legend.title, 1400, true, nil)]]
            for item in legend.items { side.append([("■ ", 1400, false, hex(item.color)), (item.label, 1200, false, nil)]) }
            side.append([(legend.note, 1400, true, nil)])
            if let sum = ReportPage.summary(v) { side.append([(sum, 1200, false, nil)]) }
            slides.append((slide([title(v.indicator.name, y: 250_000, size: 2800),
                                  picture(id: 3, alt: IndicatorPage.mapDescription(v), x: boxX, y: boxY, w: w, h: h),
                                  textBox(id: 4, name: "Legende", x: 7_700_000, y: boxY, w: 4_034_800, h: boxH, paragraphs: side),
                                  textBox(id: 5, name: "Quelle", x: 457_200, y: 6_350_000, w: 11_277_600, h: 380_000,
                                          paragraphs: [[(captions[k], 1000, false, "444444")]])]), k))
        }
        var pkg = OfficePackage()
        var types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>\
            <Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>\
            <Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>\
            <Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>\
            <Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
            """
        for i in slides.indices {
            types += "<Override PartName=\"/ppt/slides/slide\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>"
        }
        pkg.add("[Content_Types].xml", types + "</Types>")
        pkg.add("_rels/.rels", OfficePackage.rootRelationships(main: "ppt/presentation.xml"))
        pkg.add("docProps/core.xml", OfficePackage.coreProperties(title: "Sozialbericht \(model.townName)", subject: "Kleinräumige Sozialberichterstattung \(model.period.year)"))
        pkg.add("docProps/app.xml", OfficePackage.appProperties())
        var rels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(OfficePackage.relationshipsNamespace)">\
            <Relationship Id="rId1" Type="\(OfficePackage.officeRelationship)/slideMaster" Target="slideMasters/slideMaster1.xml"/>\
            <Relationship Id="rId2" Type="\(OfficePackage.officeRelationship)/theme" Target="theme/theme1.xml"/>
            """
        var ids = ""
        for (i, s) in slides.enumerated() {
            rels += "<Relationship Id=\"rId\(i + 10)\" Type=\"\(OfficePackage.officeRelationship)/slide\" Target=\"slides/slide\(i + 1).xml\"/>"
            ids += "<p:sldId id=\"\(256 + i)\" r:id=\"rId\(i + 10)\"/>"
            pkg.add("ppt/slides/slide\(i + 1).xml", s.xml)
            var slideRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"\(OfficePackage.relationshipsNamespace)\">"
                + "<Relationship Id=\"rId1\" Type=\"\(OfficePackage.officeRelationship)/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>"
            if let image = s.image {
                slideRels += "<Relationship Id=\"rId2\" Type=\"\(OfficePackage.officeRelationship)/image\" Target=\"../media/karte\(image + 1).png\"/>"
            }
            pkg.add("ppt/slides/_rels/slide\(i + 1).xml.rels", slideRels + "</Relationships>")
        }
        for (i, png) in pngs.enumerated() { pkg.add("ppt/media/karte\(i + 1).png", png) }
        pkg.add("ppt/_rels/presentation.xml.rels", rels + "</Relationships>")
        pkg.add("ppt/presentation.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <p:presentation \(namespaces)><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>\
            <p:sldIdLst>\(ids)</p:sldIdLst><p:sldSz cx="\(slideWidth)" cy="\(slideHeight)"/><p:notesSz cx="6858000" cy="9144000"/>\
            <p:defaultTextStyle><a:defPPr><a:defRPr lang="de-DE"/></a:defPPr></p:defaultTextStyle></p:presentation>
            """)
        pkg.add("ppt/slideMasters/slideMaster1.xml", master)
        pkg.add("ppt/slideMasters/_rels/slideMaster1.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(OfficePackage.relationshipsNamespace)">\
            <Relationship Id="rId1" Type="\(OfficePackage.officeRelationship)/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>\
            <Relationship Id="rId2" Type="\(OfficePackage.officeRelationship)/theme" Target="../theme/theme1.xml"/></Relationships>
            """)
        pkg.add("ppt/slideLayouts/slideLayout1.xml", layout)
        pkg.add("ppt/slideLayouts/_rels/slideLayout1.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(OfficePackage.relationshipsNamespace)">\
            <Relationship Id="rId1" Type="\(OfficePackage.officeRelationship)/slideMaster" Target="../slideMasters/slideMaster1.xml"/></Relationships>
            """)
        pkg.add("ppt/theme/theme1.xml", theme)
        return try pkg.data()
    }

    static let namespaces = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        + "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""

    static func hex(_ color: String) -> String {
        color.hasPrefix("#") && color.count == 7 ? String(color.dropFirst()).uppercased() : "DDDDDD"
    }

    static func slide(_ shapes: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><p:sld \(namespaces)><p:cSld><p:spTree>"
            + "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
            + shapes.joined() + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    }

    /// Runs: text, size in hundredths of a point, bold, colour (hex) or nil.
    static func runs(_ paragraphs: [[(String, Int, Bool, String?)]]) -> String {
        paragraphs.map { runs in
            "<a:p><a:pPr><a:spcAft><a:spcPts val=\"400\"/></a:spcAft></a:pPr>" + runs.map { t, size, bold, color in
                "<a:r><a:rPr lang=\"de-DE\" sz=\"\(size)\"\(bold ? " b=\"1\"" : "") dirty=\"0\">" + (color.map { "<a:solidFill><a:srgbClr val=\"\($0)\"/></a:solidFill>" } ?? "")
                    + "</a:rPr><a:t>\(OfficePackage.escape(t))</a:t></a:r>"
            }.joined() + "</a:p>"
        }.joined()
    }

    static func title(_ text: String, y: Int, size: Int) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Titel\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr>"
            + "<p:spPr><a:xfrm><a:off x=\"457200\" y=\"\(y)\"/><a:ext cx=\"11277600\" cy=\"900000\"/></a:xfrm></p:spPr>"
            + "<p:txBody><a:bodyPr anchor=\"b\"><a:normAutofit/></a:bodyPr><a:lstStyle/>" + runs([[(text, size, true, "1F3A5F")]]) + "</p:txBody></p:sp>"
    }

    static func textBox(id: Int, name: String, x: Int, y: Int, w: Int, h: Int, paragraphs: [[(String, Int, Bool, String?)]]) -> String {
        "<p:sp><p:nvSpPr><p:cNvPr id=\"\(id)\" name=\"\(name)\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr>"
            + "<p:spPr><a:xfrm><a:off x=\"\(x)\" y=\"\(y)\"/><a:ext cx=\"\(w)\" cy=\"\(h)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>"
            + "<p:txBody><a:bodyPr wrap=\"square\" rtlCol=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>" + runs(paragraphs) + "</p:txBody></p:sp>"
    }

    static func picture(id: Int, alt: String, x: Int, y: Int, w: Int, h: Int) -> String {
        "<p:pic><p:nvPicPr><p:cNvPr id=\"\(id)\" name=\"Karte\" descr=\"\(OfficePackage.escape(alt))\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>"
            + "<p:blipFill><a:blip r:embed=\"rId2\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"
            + "<p:spPr><a:xfrm><a:off x=\"\(x)\" y=\"\(y)\"/><a:ext cx=\"\(w)\" cy=\"\(h)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>"
    }

    static let emptyTree = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
    static let titlePlaceholder = "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Titel\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr>"
        + "<p:spPr><a:xfrm><a:off x=\"457200\" y=\"250000\"/><a:ext cx=\"11277600\" cy=\"900000\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>"
        + "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"de-DE\"/></a:p></p:txBody></p:sp>"

    static let master = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><p:sldMaster \(namespaces)><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"
        + "<p:spTree>\(emptyTree)\(titlePlaceholder)</p:spTree></p:cSld>"
        + "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
        + "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>"
        + "<p:txStyles><p:titleStyle><a:lvl1pPr><a:defRPr sz=\"2800\" b=\"1\"><a:solidFill><a:srgbClr val=\"1F3A5F\"/></a:solidFill><a:latin typeface=\"+mj-lt\"/></a:defRPr></a:lvl1pPr></p:titleStyle>"
        + "<p:bodyStyle><a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:bodyStyle>"
        + "<p:otherStyle><a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>"

    static let layout = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><p:sldLayout \(namespaces) type=\"titleOnly\" preserve=\"1\"><p:cSld name=\"Nur Titel\">"
        + "<p:spTree>\(emptyTree)\(titlePlaceholder)</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"

    static let theme = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Quartier"><a:themeElements>\
        <a:clrScheme name="Quartier"><a:dk1><a:srgbClr val="111111"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F3A5F"/></a:dk2>\
        <a:lt2><a:srgbClr val="E8EDF3"/></a:lt2><a:accent1><a:srgbClr val="1F3A5F"/></a:accent1><a:accent2><a:srgbClr val="B2182B"/></a:accent2>\
        <a:accent3><a:srgbClr val="2166AC"/></a:accent3><a:accent4><a:srgbClr val="4D7C0F"/></a:accent4><a:accent5><a:srgbClr val="D95F02"/></a:accent5>\
        <a:accent6><a:srgbClr val="7570B3"/></a:accent6><a:hlink><a:srgbClr val="1F5FA8"/></a:hlink><a:folHlink><a:srgbClr val="5B3A8C"/></a:folHlink></a:clrScheme>\
        <a:fontScheme name="Quartier"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>\
        <a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>\
        <a:fmtScheme name="Quartier"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
        <a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>\
        <a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>\
        <a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>\
        <a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>\
        <a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
        <a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>
        """
}
