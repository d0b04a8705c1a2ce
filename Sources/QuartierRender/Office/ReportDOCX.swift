import Foundation
import QuartierCore

/// The Sozialbericht as a Word document (DOCX), from the same blocks as the PDF: Word's
/// built-in heading styles (a council's template restyles them), a table-of-contents field,
/// tables with a repeating header row, each map as a picture with its alternative text, legend
/// and caption, the planner's texts as editable paragraphs, language de-DE and the title in the
/// document properties.
public enum ReportDOCX {
    /// Width of a map in the document (15 cm) and of its PNG.
    static let imageWidthEMU = 5_400_000
    static let imagePixels = 1_400
    /// Text width between the margins of an A4 page (2.5 cm left, 2 cm right), in twips.
    static let textWidth = 9_355

    public static func report(_ model: ReportPage.Model) throws -> Data {
        try document(ReportContent.blocks(model), title: "Sozialbericht \(model.townName)",
                     subject: "Kleinräumige Sozialberichterstattung \(model.period.year)")
    }

    /// A DOCX of `blocks`.
    public static func document(_ blocks: [ReportBlock], title: String, subject: String) throws -> Data {
        var svgs: [String] = []
        for case .figure(let svg, _, _, _) in blocks { svgs.append(svg) }
        let pngs = try OfficePackage.images(svgs, width: imagePixels)
        var body = ""
        var figure = 0
        let headings = blocks.compactMap { b -> (String, Int)? in
            if case .heading(let t, let l, _, _) = b, l <= 2 { return (t, l) }
            return nil
        }
        for block in blocks {
            switch block {
            case .titlePage(let note, let title, let town, let subtitle, let lines):
                body += paragraph(note, style: "Subtitle")
                body += paragraph(title + " " + town, style: "Title")
                body += paragraph(subtitle, style: "Subtitle")
                for l in lines { body += paragraph(l) }
            case .contents:
                body += contents(headings)
            case .heading(let text, let level, let newPage, _):
                body += paragraph(text, style: "Heading\(level)", pageBreakBefore: newPage)
            case .paragraph(let text, let style):
                body += paragraph(text, style: style == .small ? "Hinweis" : nil)
            case .keyFigures(let figures):
                body += table(header: ["Kennzahl", "Stadt"], rows: figures.map { [$0.label, $0.value] }, widths: [3, 1], numeric: [false, true])
            case .list(let items):
                for item in items { body += paragraph(item, style: "ListBullet") }
            case .table(let header, let rows, let widths, let numeric, _):
                body += table(header: header, rows: rows, widths: widths, numeric: numeric)
            case .figure(let svg, let alt, let caption, let legend):
                let heightEMU = Int(SVGToPDF.height(svg, width: Double(imageWidthEMU)).rounded())
                figure += 1
                body += "<w:p><w:pPr><w:pStyle w:val=\"Abbildung\"/><w:keepNext/></w:pPr>" + picture(id: figure, alt: alt, width: imageWidthEMU, height: heightEMU) + "</w:p>"
                if let legend {
                    body += paragraph(legend.title, style: "Legende", bold: true, keepNext: true)
                    for item in legend.items {
                        let color = item.color.hasPrefix("#") && item.color.count == 7 ? String(item.color.dropFirst()).uppercased() : "DDDDDD"
                        body += "<w:p><w:pPr><w:pStyle w:val=\"Legende\"/><w:keepNext/></w:pPr><w:r><w:rPr><w:color w:val=\"\(color)\"/></w:rPr><w:t>■</w:t></w:r>"
                            + "<w:r><w:t xml:space=\"preserve\"> \(OfficePackage.escape(item.label))</w:t></w:r></w:p>"
                    }
                    body += paragraph(legend.note, style: "Legende", bold: true, keepNext: true)
                }
                body += paragraph(caption, style: "Caption")
            }
        }
        var pkg = OfficePackage()
        var types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="png" ContentType="image/png"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
            <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
            <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
            """
        types += "</Types>"
        pkg.add("[Content_Types].xml", types)
        pkg.add("_rels/.rels", OfficePackage.rootRelationships(main: "word/document.xml"))
        pkg.add("docProps/core.xml", OfficePackage.coreProperties(title: title, subject: subject))
        pkg.add("docProps/app.xml", OfficePackage.appProperties())
        var rels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(OfficePackage.relationshipsNamespace)">\
            <Relationship Id="rIdStyles" Type="\(OfficePackage.officeRelationship)/styles" Target="styles.xml"/>\
            <Relationship Id="rIdSettings" Type="\(OfficePackage.officeRelationship)/settings" Target="settings.xml"/>\
            <Relationship Id="rIdNumbering" Type="\(OfficePackage.officeRelationship)/numbering" Target="numbering.xml"/>\
            <Relationship Id="rIdFooter" Type="\(OfficePackage.officeRelationship)/footer" Target="footer1.xml"/>
            """
        for (i, png) in pngs.enumerated() {
            pkg.add("word/media/abbildung\(i + 1).png", png)
            rels += "<Relationship Id=\"rIdImg\(i + 1)\" Type=\"\(OfficePackage.officeRelationship)/image\" Target=\"media/abbildung\(i + 1).png\"/>"
        }
        pkg.add("word/_rels/document.xml.rels", rels + "</Relationships>")
        pkg.add("word/document.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="\(OfficePackage.officeRelationship)" \
            xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>\(body)\
            <w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1417" w:right="1134" w:bottom="1134" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
            """)
        pkg.add("word/styles.xml", styles)
        pkg.add("word/settings.xml", settings)
        pkg.add("word/numbering.xml", numbering)
        pkg.add("word/footer1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\
            <w:r><w:t xml:space="preserve">\(OfficePackage.escape(title)) – Entwurf · Seite </w:t></w:r>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>
            """)
        return try pkg.data()
    }

    static func paragraph(_ text: String, style: String? = nil, bold: Bool = false, pageBreakBefore: Bool = false, keepNext: Bool = false) -> String {
        var p = "<w:p>"
        if style != nil || pageBreakBefore || keepNext {
            p += "<w:pPr>" + (style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? "") + (keepNext ? "<w:keepNext/>" : "") + (pageBreakBefore ? "<w:pageBreakBefore/>" : "") + "</w:pPr>"
        }
        p += run(text, bold: bold)
        return p + "</w:p>"
    }

    static func run(_ text: String, bold: Bool = false) -> String {
        guard !text.isEmpty else { return "" }
        return "<w:r>" + (bold ? "<w:rPr><w:b/></w:rPr>" : "") + "<w:t xml:space=\"preserve\">\(OfficePackage.escape(text))</w:t></w:r>"
    }

    /// The contents as a TOC field over the headings of level 1 and 2, filled with their titles
    /// (Word and LibreOffice add the page numbers when the field is updated, which Word offers
    /// on opening: `updateFields` in the settings).
    static func contents(_ headings: [(String, Int)]) -> String {
        var x = "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/><w:pageBreakBefore/></w:pPr>" + run("Inhalt") + "</w:p>"
        let begin = "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o &quot;1-2&quot; \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        guard !headings.isEmpty else { return x + "<w:p>" + begin + end + "</w:p>" }
        for (i, h) in headings.enumerated() {
            x += "<w:p><w:pPr><w:pStyle w:val=\"TOC\(h.1)\"/></w:pPr>" + (i == 0 ? begin : "") + run(h.0) + (i == headings.count - 1 ? end : "") + "</w:p>"
        }
        return x
    }

    /// A table over the text width, its header row repeated on every page, numbers right-aligned.
    static func table(header: [String], rows: [[String]], widths: [Double], numeric: [Bool]) -> String {
        let total = widths.reduce(0, +)
        let cols = widths.map { Int(($0 / total * Double(textWidth)).rounded()) }
        var x = "<w:tbl><w:tblPr><w:tblStyle w:val=\"Berichtstabelle\"/><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for c in cols { x += "<w:gridCol w:w=\"\(c)\"/>" }
        x += "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) {
            x += "<w:tr>" + (header ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
            for (i, c) in cells.enumerated() {
                let right = i < numeric.count && numeric[i]
                x += "<w:tc><w:tcPr><w:tcW w:w=\"\(cols[min(i, cols.count - 1)])\" w:type=\"dxa\"/>" + (header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EDF3\"/>" : "") + "</w:tcPr>"
                x += "<w:p><w:pPr><w:pStyle w:val=\"Tabelle\"/>" + (right ? "<w:jc w:val=\"right\"/>" : "") + "</w:pPr>" + run(c, bold: header) + "</w:p></w:tc>"
            }
            x += "</w:tr>"
        }
        row(header, header: true)
        for r in rows { row(r, header: false) }
        return x + "</w:tbl>" + paragraph("", style: "Tabelle")
    }

    static func picture(id: Int, alt: String, width: Int, height: Int) -> String {
        let a = OfficePackage.escape(alt)
        return """
            <w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(width)" cy="\(height)"/>\
            <wp:docPr id="\(id)" name="Abbildung \(id)" descr="\(a)"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>\
            <pic:nvPicPr><pic:cNvPr id="\(id)" name="abbildung\(id).png" descr="\(a)"/><pic:cNvPicPr><a:picLocks noChangeAspect="1"/></pic:cNvPicPr></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="rIdImg\(id)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(width)" cy="\(height)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>\
            </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
            """
    }

    /// Word's built-in styles by their built-in names (so a template restyles them), and
    /// Quartier's few own ones (notes, legends, table text).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/>\
        <w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:spacing w:before="2400" w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="56"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:rPr><w:color w:val="444444"/><w:sz w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="160"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="34"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="40"/><w:ind w:left="284"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:i/><w:color w:val="444444"/><w:sz w:val="17"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="555555"/><w:sz w:val="16"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="Hinweis"><w:name w:val="Quartier Hinweis"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="444444"/><w:sz w:val="17"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="Legende"><w:name w:val="Quartier Legende"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="17"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="Abbildung"><w:name w:val="Quartier Abbildung"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="120" w:after="60"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabelle"><w:name w:val="Quartier Tabellentext"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="17"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
        <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:customStyle="1" w:styleId="Berichtstabelle"><w:name w:val="Quartier Tabelle"/><w:basedOn w:val="TableNormal"/><w:tblPr>\
        <w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="C8CED6"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="C8CED6"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="C8CED6"/></w:tblBorders>\
        <w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        </w:styles>
        """

    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/>\
        <w:defaultTabStop w:val="709"/><w:hyphenationZone w:val="425"/><w:characterSpacingControl w:val="doNotCompress"/>\
        <w:themeFontLang w:val="de-DE"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>
        """

    static let numbering = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>\
        <w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """
}
