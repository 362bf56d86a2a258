/// A small SVG writer: elements appended as text, numbers with at most one
/// decimal, every text and attribute escaped. The elements are written as
/// bytes into one buffer (a quarterly chart has tens of thousands of them).
struct SVG {
    /// The elements so far, one per line, as UTF-8.
    private(set) var body: [UInt8] = []
    let width: Double
    var height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Makes room for about `count` more bytes of elements (a chart of tens of
    /// thousands grows once instead of being copied at each doubling).
    mutating func reserve(_ count: Int) {
        body.reserveCapacity(body.count + count)
    }

    /// The document as UTF-8, with its `<title>` and `<desc>` first for assistive technology.
    func document(title: String, description: String) -> [UInt8] {
        let lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" "
                + "aria-labelledby=\"chart-title chart-desc\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<title id=\"chart-title\">\(Self.escaped(title))</title>",
            "<desc id=\"chart-desc\">\(Self.escaped(description))</desc>",
            "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>",
        ]
        let head = lines.joined(separator: "\n") + "\n"
        let tail = "</svg>\n"
        var document: [UInt8] = []
        document.reserveCapacity(head.utf8.count + body.count + tail.utf8.count)
        document += head.utf8
        document += body
        document += tail.utf8
        return document
    }

    // MARK: Writing

    private mutating func put(_ text: String) {
        body.append(contentsOf: text.utf8)
    }

    /// A coordinate or size, as `number` writes it.
    private mutating func put(_ value: Double) {
        if !NumberText.appendFixed(value, digits: 1, to: &body) { put("0") }
    }

    /// `name="value"` after a space, the value as given (colours, dash patterns).
    private mutating func attribute(_ name: String, _ value: String?) {
        guard let value else { return }
        put(" ")
        put(name)
        put("=\"")
        put(value)
        put("\"")
    }

    /// `name="number"` after a space.
    private mutating func attribute(_ name: String, _ value: Double) {
        put(" ")
        put(name)
        put("=\"")
        put(value)
        put("\"")
    }

    /// `points="x,y x,y …"` after a space.
    private mutating func attribute(points: [(Double, Double)]) {
        put(" points=\"")
        for (index, point) in points.enumerated() {
            if index > 0 { put(" ") }
            put(point.0)
            put(",")
            put(point.1)
        }
        put("\"")
    }

    /// A stroke's colour, width and dash pattern, closing an empty element.
    private mutating func stroke(_ colour: String, width: Double, dash: String?) {
        attribute("stroke", colour)
        attribute("stroke-width", width)
        attribute("stroke-dasharray", dash)
        put("/>\n")
    }

    // MARK: Elements

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) {
        put("<line")
        attribute("x1", x1)
        attribute("y1", y1)
        attribute("x2", x2)
        attribute("y2", y2)
        self.stroke(stroke, width: width, dash: dash)
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, stroke: String? = nil,
        tooltip: String? = nil
    ) {
        put("<rect")
        attribute("x", x)
        attribute("y", y)
        attribute("width", max(0, width))
        attribute("height", max(0, height))
        attribute("fill", fill)
        attribute("stroke", stroke)
        close("rect", tooltip: tooltip)
    }

    mutating func text(
        _ x: Double, _ y: Double, _ text: String, size: Double = 11, anchor: String = "start", weight: String? = nil,
        fill: String = "#222222"
    ) {
        put("<text")
        attribute("x", x)
        attribute("y", y)
        attribute("font-size", size)
        attribute("text-anchor", anchor)
        attribute("fill", fill)
        attribute("font-weight", weight)
        put(">")
        Self.appendEscaped(text, to: &body)
        put("</text>\n")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
        guard points.count > 1 else { return }
        put("<polyline")
        attribute(points: points)
        attribute("fill", "none")
        self.stroke(stroke, width: width, dash: dash)
    }

    mutating func circle(
        _ x: Double, _ y: Double, radius: Double, fill: String, stroke: String, tooltip: String? = nil
    ) {
        circleAttributes(x, y, radius: radius, fill: fill, stroke: stroke)
        close("circle", tooltip: tooltip)
    }

    /// A circle whose tooltip `writeTooltip` appends to the chart, escaped
    /// (a chart's thousands of tooltips are written without a string each).
    mutating func circle(
        _ x: Double, _ y: Double, radius: Double, fill: String, stroke: String,
        writeTooltip: (inout [UInt8]) -> Void
    ) {
        circleAttributes(x, y, radius: radius, fill: fill, stroke: stroke)
        close("circle", writeTooltip: writeTooltip)
    }

    private mutating func circleAttributes(_ x: Double, _ y: Double, radius: Double, fill: String, stroke: String) {
        put("<circle")
        attribute("cx", x)
        attribute("cy", y)
        attribute("r", radius)
        attribute("fill", fill)
        attribute("stroke", stroke)
        attribute("stroke-width", "1.5")
    }

    /// Closes an element whose attributes are written: empty, or holding its
    /// tooltip as a `<title>`.
    private mutating func close(_ name: String, tooltip: String?) {
        if let tooltip {
            close(name) { Self.appendEscaped(tooltip, to: &$0) }
        } else {
            put("/>\n")
        }
    }

    private mutating func close(_ name: String, writeTooltip: (inout [UInt8]) -> Void) {
        put("><title>")
        writeTooltip(&body)
        put("</title></")
        put(name)
        put(">\n")
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String) {
        put("<polygon")
        attribute(points: points)
        attribute("fill", fill)
        put("/>\n")
    }

    /// At most one decimal, no exponent: byte-stable coordinates.
    static func number(_ value: Double) -> String {
        NumberText.fixed(value, digits: 1) ?? "0"
    }

    static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendEscaped(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of `text` escaped for XML text and attributes: `&`,
    /// `<`, `>`, `"` and `'` as entities, and every control character that XML
    /// 1.0 does not allow (all below U+0020 but tab, LF and CR) as a space.
    /// Byte by byte: every other byte, including those of a character beyond
    /// ASCII, is copied as it is.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in appendEscaped(utf8, to: &bytes) }
    }

    /// `appendEscaped(_:to:)` for UTF-8 bytes.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += "&amp;".utf8
            case UInt8(ascii: "<"): bytes += "&lt;".utf8
            case UInt8(ascii: ">"): bytes += "&gt;".utf8
            case UInt8(ascii: "\""): bytes += "&quot;".utf8
            case UInt8(ascii: "'"): bytes += "&apos;".utf8
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): bytes.append(byte)
            case ..<0x20: bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
        }
    }

    /// Colour-blind-safe colours (Okabe and Ito), then dash patterns once they run out.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    static func style(_ index: Int) -> (colour: String, dash: String?) {
        let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]
        return (palette[index % palette.count], dashes[(index / palette.count) % dashes.count])
    }
}
