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
        var text = text
        guard text.withUTF8({ $0.contains(where: isSpecial) }) else { return text }
        var bytes: [UInt8] = []
        appendText(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text(_:)`, appended to UTF-8 bytes of the caller's. Byte by byte: every
    /// character it changes is ASCII, and the bytes of any other are copied.
    static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            // Most text needs nothing: copied whole.
            guard utf8.contains(where: isSpecial) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                guard isSpecial(byte) else {
                    bytes.append(byte)
                    continue
                }
                switch byte {
                case UInt8(ascii: "<"): bytes += "&lt;".utf8
                case UInt8(ascii: ">"): bytes += "&gt;".utf8
                case UInt8(ascii: "&"): bytes += "&amp;".utf8
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): bytes.append(UInt8(ascii: " "))
                default:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(byte)
                }
            }
        }
    }

    /// The bytes `text(_:)` changes: `<`, `>` and `&` (entities), Markdown
    /// punctuation (a backslash before it) and line breaks and tabs (a space).
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: "`"),
            UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"),
            UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "^"), UInt8(ascii: "$"),
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            true
        default: false
        }
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
        // Bytes, grown once: a quarter report has thousands of cells, and
        // appending bytes costs a fraction of appending strings.
        text.reserveCapacity(
            text.count
                + rows.reduce(header.reduce(0) { $0 + $1.utf8.count } * 2) { total, row in
                    row.reduce(total) { $0 + $1.utf8.count + 3 } + 2
                } + header.count * 8)
        var prefix: [UInt8] = []
        swap(&prefix, &text)
        // Moved in, so that the table appends to the same buffer.
        var table = MarkdownTable(header, rightAligned: rightAligned, after: consume prefix)
        table.append(rows: rows)
        text = table.finish()
    }
}

/// A Markdown table written straight into UTF-8 bytes, row by row and cell by
/// cell: the quarter listings write their thousands of cells without a string
/// per cell or an array per row. Each row is padded or cut to the header's
/// width; an empty cell is written as a space.
struct MarkdownTable {
    private var bytes: [UInt8]
    private let columns: Int
    /// Cells of the current row written so far.
    private var cells = 0

    /// A table's first two lines, the header and the alignment, made once
    /// for the many tables that share them (the quarter listings').
    struct Header {
        fileprivate let bytes: [UInt8]
        fileprivate let columns: Int

        /// `cells`; `rightAligned`: the right-aligned columns.
        init(_ cells: [String], rightAligned: Set<Int> = []) {
            columns = cells.count
            guard !cells.isEmpty else {
                bytes = Array("|  |\n||\n".utf8)
                return
            }
            var bytes: [UInt8] = [UInt8(ascii: "|")]
            for cell in cells { bytes += " \(cell) |".utf8 }
            bytes += "\n|".utf8
            for index in cells.indices { bytes += (rightAligned.contains(index) ? " ---: |" : " --- |").utf8 }
            bytes.append(UInt8(ascii: "\n"))
            self.bytes = bytes
        }
    }

    /// A table of `header`, after the bytes of `prefix`.
    init(_ header: Header, after prefix: [UInt8] = []) {
        bytes = prefix
        bytes += header.bytes
        columns = header.columns
    }

    /// A table of `header` (`rightAligned`: the right-aligned columns), after
    /// the bytes of `prefix`.
    init(_ header: [String], rightAligned: Set<Int> = [], after prefix: [UInt8] = []) {
        self.init(Header(header, rightAligned: rightAligned), after: prefix)
    }

    /// The next cell, written by `write` (nothing written: an empty cell).
    mutating func cell(_ write: (inout [UInt8]) -> Void) {
        guard cells < columns else { return }
        if cells == 0 { bytes.append(UInt8(ascii: "|")) }
        cells += 1
        bytes.append(UInt8(ascii: " "))
        let start = bytes.count
        write(&bytes)
        if bytes.count == start { bytes.append(UInt8(ascii: " ")) }
        bytes += " |".utf8
    }

    /// The next cell: Markdown, already escaped.
    mutating func cell(_ markdown: String) {
        cell { $0 += markdown.utf8 }
    }

    /// The next cell: text from a dataset, escaped (see `Markdown.text`).
    mutating func textCell(_ text: String) {
        cell { Markdown.appendText(text, to: &$0) }
    }

    /// The next cell: a reference (`DATASET:ID`), escaped.
    mutating func referenceCell(_ reference: Reference) {
        cell { bytes in
            // `Markdown.text(reference.description)`: the colon needs no escape.
            Markdown.appendText(reference.dataset, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            Markdown.appendText(reference.id, to: &bytes)
        }
    }

    /// Rows of already escaped cells, each padded or cut to the header's width.
    mutating func append(rows: [[String]]) {
        for row in rows {
            for cell in row { self.cell(cell) }
            endRow()
        }
    }

    /// Ends the row, with empty cells up to the header's width.
    mutating func endRow() {
        guard columns > 0 else {
            bytes += "|  |\n".utf8
            return
        }
        if cells == 0 { bytes.append(UInt8(ascii: "|")) }
        while cells < columns {
            cells += 1
            bytes += "   |".utf8
        }
        bytes.append(UInt8(ascii: "\n"))
        cells = 0
    }

    /// The bytes, the prefix then the table, handed over (the table is left
    /// empty), so that whoever takes them holds the only reference and can
    /// append without a copy.
    mutating func finish() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
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
        var table = startTable(prefix, header, rightAligned: rightAligned)
        table.append(rows: rows)
        add(&table, suffix: suffix)
    }

    /// Starts a block of `prefix` and a table whose rows the caller writes,
    /// then hands to `add(_:suffix:)`. The document's text is the table's
    /// meanwhile: nothing else may be added before.
    mutating func startTable(_ prefix: String, _ header: [String], rightAligned: Set<Int> = []) -> MarkdownTable {
        startTable(prefix, MarkdownTable.Header(header, rightAligned: rightAligned))
    }

    /// `startTable` with a header made beforehand.
    mutating func startTable(_ prefix: String, _ header: MarkdownTable.Header) -> MarkdownTable {
        _ = startBlock()
        body += prefix.utf8
        var text: [UInt8] = []
        swap(&text, &body)
        // Moved in, so that the table appends to the same buffer.
        return MarkdownTable(header, after: consume text)
    }

    /// Ends the block of a table from `startTable`, with `suffix` after it.
    mutating func add(_ table: inout MarkdownTable, suffix: String = "") {
        body = table.finish()
        body += suffix.utf8
        if body.last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
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
    /// `[^sN]` of each source in `order`.
    private var marks: [String] = []
    /// The index in `order` of each source, once there are too many to search.
    private var indexes: [Reference: Int] = [:]
    private let context: ReportContext

    /// Sources a document cites are few: up to this many, they are found by
    /// comparing rather than hashing.
    private static let searched = 16

    init(context: ReportContext) {
        self.context = context
    }

    /// `[^s3]`, numbering the source on first use; a note when the source is not in the store.
    mutating func cite(_ reference: Reference?) -> String {
        guard let reference else { return "(no source)" }
        let found = order.count <= Self.searched ? order.firstIndex(of: reference) : indexes[reference]
        if let found { return marks[found] }
        order.append(reference)
        marks.append("[^s\(order.count)]")
        if order.count > Self.searched {
            if indexes.isEmpty {
                for (index, earlier) in order.enumerated() { indexes[earlier] = index }
            } else {
                indexes[reference] = order.count - 1
            }
        }
        return marks[marks.count - 1]
    }

    /// Citations for several sources, at most `limit` of them, then "+N more".
    mutating func cite(_ references: [Reference], limit: Int = 3) -> String {
        var text = ""
        var unique = 0
        if references.count <= Self.searched {
            // A cell's few sources: compared, not hashed.
            for index in references.indices where !references[..<index].contains(references[index]) {
                unique += 1
                if unique <= limit { text += cite(references[index]) }
            }
        } else {
            var seen = Set<Reference>()
            for reference in references where seen.insert(reference).inserted {
                unique += 1
                if unique <= limit { text += cite(reference) }
            }
        }
        if unique > limit { text += " +\(unique - limit) more" }
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
