/// A small SVG writer: elements appended as text, numbers with at most one
/// decimal, every text and attribute escaped.
struct SVG {
    /// The elements so far, one per line.
    private(set) var body = ""
    let width: Double
    var height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The document, with its `<title>` and `<desc>` first for assistive technology.
    func document(title: String, description: String) -> String {
        let lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" "
                + "aria-labelledby=\"chart-title chart-desc\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<title id=\"chart-title\">\(Self.escaped(title))</title>",
            "<desc id=\"chart-desc\">\(Self.escaped(description))</desc>",
            "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>",
        ]
        return lines.joined(separator: "\n") + "\n" + body + "</svg>\n"
    }

    /// Appends one element, on its own line.
    private mutating func add(_ element: String) {
        body += element
        body += "\n"
    }

    mutating func raw(_ element: String) {
        add(element)
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) {
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        add(
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
                + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dashAttribute)/>")
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, stroke: String? = nil,
        tooltip: String? = nil
    ) {
        let strokeAttribute = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let open =
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\"\(strokeAttribute)"
        element("rect", open, tooltip: tooltip)
    }

    mutating func text(
        _ x: Double, _ y: Double, _ text: String, size: Double = 11, anchor: String = "start", weight: String? = nil,
        fill: String = "#222222"
    ) {
        let weightAttribute = weight.map { " font-weight=\"\($0)\"" } ?? ""
        add(
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" "
                + "text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(weightAttribute)>\(Self.escaped(text))</text>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        add(
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dashAttribute)/>"
        )
    }

    mutating func circle(
        _ x: Double, _ y: Double, radius: Double, fill: String, stroke: String, tooltip: String? = nil
    ) {
        let open =
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\" "
            + "stroke=\"\(stroke)\" stroke-width=\"1.5\""
        element("circle", open, tooltip: tooltip)
    }

    /// Closes an element opened by `open` (`<name` and its attributes): empty,
    /// or holding its tooltip as a `<title>`.
    private mutating func element(_ name: String, _ open: String, tooltip: String?) {
        if let tooltip {
            add(open + "><title>\(Self.escaped(tooltip))</title></\(name)>")
        } else {
            add(open + "/>")
        }
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        add("<polygon points=\"\(list)\" fill=\"\(fill)\"/>")
    }

    /// At most one decimal, no exponent: byte-stable coordinates.
    static func number(_ value: Double) -> String {
        NumberText.fixed(value, digits: 1) ?? "0"
    }

    static func escaped(_ text: String) -> String {
        // Most text needs nothing: return it as it is.
        let isPlain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
        }
        if isPlain { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // XML 1.0 allows no control characters but tab, LF and CR.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" {
                    result += " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Colour-blind-safe colours (Okabe and Ito), then dash patterns once they run out.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    static func style(_ index: Int) -> (colour: String, dash: String?) {
        let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]
        return (palette[index % palette.count], dashes[(index / palette.count) % dashes.count])
    }
}
