import SignalgapModel

/// GitHub-flavoured Markdown, written so that data can never become markup:
/// text from datasets is escaped (`|` and Markdown punctuation with a
/// backslash, `<`, `>` and `&` as entities), so raw HTML never passes through
/// and a table cell never gains a column.
enum Markdown {
    /// Escapes text from a dataset for use anywhere inline (prose, table cells, footnotes).
    /// Line breaks become spaces.
    static func text(_ text: String) -> String {
        // Most text needs nothing: return it as it is.
        let special: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: "`"),
                UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"),
                UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "^"), UInt8(ascii: "$"),
                UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                true
            default: false
            }
        }
        guard text.utf8.contains(where: special) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "^", "$":
                result.append("\\")
                result.append(scalar)
            case "\n", "\r", "\t": result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// A link to a web address, or the escaped address as text when it is not http(s)
    /// or holds characters an autolink cannot carry.
    static func url(_ url: String) -> String {
        let lower = url.lowercased()
        let isWeb = lower.hasPrefix("https://") || lower.hasPrefix("http://")
        let isPlain = url.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"<>\"`\\|".unicodeScalars.contains(scalar)
        }
        return isWeb && isPlain ? "<\(url)>" : text(url)
    }

    /// A table: header, alignment (`true` right-aligns a numeric column) and rows of
    /// already escaped cells. Every row is padded or cut to the header's width.
    static func table(_ header: [String], rightAligned: Set<Int> = [], rows: [[String]]) -> String {
        var text: [UInt8] = []
        appendTable(header, rightAligned: rightAligned, rows: rows, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `table`, appended to UTF-8 bytes of the caller's (a document's).
    static func appendTable(_ header: [String], rightAligned: Set<Int> = [], rows: [[String]], to text: inout [UInt8]) {
        guard !header.isEmpty else {
            text += "|  |\n||\n".utf8
            for _ in rows { text += "|  |\n".utf8 }
            return
        }
        // Bytes, grown once: a quarter report has thousands of cells, and
        // appending bytes costs a fraction of appending strings.
        text.reserveCapacity(
            text.count
                + rows.reduce(header.reduce(0) { $0 + $1.utf8.count } * 2) { total, row in
                    row.reduce(total) { $0 + $1.utf8.count + 3 } + 2
                } + header.count * 8)
        let bar = UInt8(ascii: "|")
        let space = UInt8(ascii: " ")
        let newline = UInt8(ascii: "\n")
        text.append(bar)
        for cell in header {
            text.append(space)
            text.append(contentsOf: cell.utf8)
            text.append(space)
            text.append(bar)
        }
        text.append(newline)
        text.append(bar)
        for index in header.indices {
            text.append(contentsOf: (rightAligned.contains(index) ? " ---: |" : " --- |").utf8)
        }
        text.append(newline)
        for row in rows {
            text.append(bar)
            for index in header.indices {
                text.append(space)
                if index < row.count && !row[index].isEmpty {
                    text.append(contentsOf: row[index].utf8)
                } else {
                    text.append(space)
                }
                text.append(space)
                text.append(bar)
            }
            text.append(newline)
        }
    }
}

/// A report document built block by block, citing sources as it goes: the
/// summary and each quarter report. Its text is written as UTF-8 bytes into one
/// buffer, blocks separated by a blank line.
protocol MarkdownDocument {
    /// The blocks so far.
    var body: [UInt8] { get set }
    var citations: Citations { get }
}

extension MarkdownDocument {
    /// Appends a block (a heading, a paragraph, a table), ending it with a line break.
    mutating func add(_ block: String) {
        let start = startBlock()
        body += block.utf8
        endBlock(from: start)
    }

    /// Appends a block of `prefix`, a table (see `Markdown.table`) and `suffix`,
    /// the table written straight into the document.
    mutating func add(
        _ prefix: String, table header: [String], rightAligned: Set<Int> = [], rows: [[String]], suffix: String = ""
    ) {
        let start = startBlock()
        body += prefix.utf8
        Markdown.appendTable(header, rightAligned: rightAligned, rows: rows, to: &body)
        body += suffix.utf8
        endBlock(from: start)
    }

    private mutating func startBlock() -> Int {
        if !body.isEmpty { body.append(UInt8(ascii: "\n")) }
        return body.count
    }

    private mutating func endBlock(from start: Int) {
        if body.count == start || body.last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
    }

    /// The text: the blocks, then the definitions of the footnotes to the
    /// sources cited. Hands the document's bytes over.
    mutating func finish() -> [UInt8] {
        let footnotes = citations.definitions()
        if !footnotes.isEmpty { body += "\n## Sources\n\n\(footnotes)".utf8 }
        let text = body
        body = []
        return text
    }
}

/// Footnotes to sources for one Markdown document: each source cited gets a
/// label `s1`, `s2`, … in order of first citation, and a definition at the end
/// with its title, publisher, dates, status and URL.
struct Citations {
    private(set) var order: [Reference] = []
    private var labels: [Reference: String] = [:]
    private let context: ReportContext

    init(context: ReportContext) {
        self.context = context
    }

    /// `[^s3]`, numbering the source on first use; a note when the source is not in the store.
    mutating func cite(_ reference: Reference?) -> String {
        guard let reference else { return "(no source)" }
        if let label = labels[reference] { return "[^\(label)]" }
        let label = "s\(order.count + 1)"
        labels[reference] = label
        order.append(reference)
        return "[^\(label)]"
    }

    /// Citations for several sources, at most `limit` of them, then "+N more".
    mutating func cite(_ references: [Reference], limit: Int = 3) -> String {
        let unique: [Reference]
        if references.count <= 16 {
            // A cell's few sources: compared, not hashed.
            unique = references.indices.filter { index in !references[..<index].contains(references[index]) }.map {
                references[$0]
            }
        } else {
            var seen = Set<Reference>()
            unique = references.filter { seen.insert($0).inserted }
        }
        var text = unique.prefix(limit).map { cite($0) }.joined()
        if unique.count > limit { text += " +\(unique.count - limit) more" }
        return text
    }

    /// The footnote definitions, in label order.
    func definitions() -> String {
        guard !order.isEmpty else { return "" }
        var lines: [String] = []
        for (index, reference) in order.enumerated() {
            lines.append("[^s\(index + 1)]: " + context.describe(source: reference))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
