import Foundation
import QuartierRSVG

/// SVG to PNG through librsvg and cairo (Debian's), for the PNG downloads of maps and charts and
/// the images in the Word and PowerPoint reports. Fonts come from fontconfig (DejaVu on Debian).
public enum Raster {
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case tooLarge(width: Int, height: Int)
        case cairo(String)
        public var description: String {
            switch self {
            case .unreadable(let m): "SVG nicht lesbar: \(m)"
            case .tooLarge(let w, let h): "Bild zu groß (\(w) × \(h) Pixel)"
            case .cairo(let m): "PNG nicht geschrieben: \(m)"
            }
        }
    }

    /// The most pixels one image may have (a 4,000 × 4,000 PNG is 64 MB in memory).
    public static let maximumPixels = 16_000_000

    /// At most two rasterisations at once in the whole process (PNG downloads and the pictures of
    /// Word and PowerPoint reports alike), so a burst of requests costs bounded CPU and memory.
    static let slots = DispatchSemaphore(value: 2)

    /// The PNG of `svg` drawn `width` pixels wide (its height follows the SVG's aspect ratio).
    /// Blocks while two others are being drawn: call it off the event loop.
    public static func png(_ svg: String, width: Int) throws -> Data {
        slots.wait()
        defer { slots.signal() }
        let bytes = Array(svg.utf8)
        var error: UnsafeMutablePointer<GError>?
        guard let handle = bytes.withUnsafeBufferPointer({ rsvg_handle_new_from_data($0.baseAddress, $0.count, &error) }) else {
            defer { if error != nil { g_error_free(error) } }
            throw Failure.unreadable(error.map { String(cString: $0.pointee.message) } ?? "unbekannter Fehler")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        // Quartier's SVGs have a viewBox and no width or height: its aspect ratio sets the height.
        var w = 0.0, h = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) == 0 || w <= 0 || h <= 0 {
            guard let box = viewBox(svg) else { throw Failure.unreadable("keine Größe und keine viewBox") }
            w = box.width; h = box.height
        }
        let pw = max(1, width), ph = max(1, Int((Double(pw) * h / w).rounded()))
        guard pw * ph <= maximumPixels else { throw Failure.tooLarge(width: pw, height: ph) }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pw), Int32(ph)), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw Failure.cairo("keine Fläche")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw Failure.cairo("kein Zeichenkontext") }
        defer { cairo_destroy(cr) }
        // A white page: office programs show transparency as black or checkered.
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        var viewport = RsvgRectangle(x: 0, y: 0, width: Double(pw), height: Double(ph))
        if rsvg_handle_render_document(handle, cr, &viewport, &error) == 0 {
            defer { if error != nil { g_error_free(error) } }
            throw Failure.unreadable(error.map { String(cString: $0.pointee.message) } ?? "nicht gezeichnet")
        }
        cairo_surface_flush(surface)
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
                let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
                if let bytes { sink.data.append(bytes, count: Int(length)) }
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw Failure.cairo(String(cString: cairo_status_to_string(status))) }
        return sink.data
    }

    /// The width and height of the SVG's viewBox.
    static func viewBox(_ svg: String) -> (width: Double, height: Double)? {
        guard let r = svg.range(of: "viewBox=\"") else { return nil }
        let rest = svg[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let n = rest[..<end].split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard n.count == 4, n[2] > 0, n[3] > 0 else { return nil }
        return (n[2], n[3])
    }
}
