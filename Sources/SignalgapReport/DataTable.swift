import SignalgapIO
import SignalgapModel
import SignalgapStatistics

/// A table of the report as data: a CSV file (RFC 4180, UTF-8, CRLF, header row)
/// and its Frictionless Table Schema. Numbers are raw digits; every estimate
/// is four columns: `_low`, `_value`, `_high`, `_qualifier`.
///
/// **Formula injection.** A text cell that begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is prefixed with a single quote (`'`), so that a
/// spreadsheet shows it as text instead of running it. Cells of number,
/// integer, boolean and date columns are never changed (`-20` stays `-20`).
struct DataTable {
    enum FieldType: String {
        case string, number, integer, boolean, date
    }

    struct Field {
        var name: String
        var type: FieldType
        var description: String
    }

    /// Resource name in `datapackage.json`, also the file name: `csv/NAME.csv`.
    var name: String
    var title: String
    var description: String
    private(set) var fields: [Field] = []
    /// The header and the rows so far, as CSV records (no row is kept as
    /// cells: a report's largest table has millions of them).
    private var records: [UInt8] = []
    private(set) var rowCount = 0
    private var isText: [Bool] = []
    /// Set by `takeCSV`: the rows' text is gone.
    private var isTaken = false

    var path: String { "csv/\(name).csv" }

    init(name: String, title: String, description: String) {
        self.name = name
        self.title = title
        self.description = description
    }

    // MARK: Columns

    mutating func column(_ name: String, _ type: FieldType, _ description: String) {
        precondition(records.isEmpty, "columns come before rows and before room is made for them")
        fields.append(Field(name: name, type: type, description: description))
        isText.append(type == .string)
    }

    /// `PREFIX_low`, `PREFIX_value`, `PREFIX_high`, `PREFIX_qualifier`.
    mutating func estimateColumns(_ prefix: String, _ what: String) {
        column("\(prefix)_low", .number, "\(what): lowest value (empty when unbounded below)")
        column("\(prefix)_value", .number, "\(what): point value (empty when only bounds are known)")
        column("\(prefix)_high", .number, "\(what): highest value (empty when open-ended)")
        column(
            "\(prefix)_qualifier", .string,
            "\(what): qualifier (exact, more_than, at_least, about, fewer_than, at_most, range)")
    }

    // MARK: Rows

    /// Appends a row, padded or cut to the header's width, its text cells
    /// neutralised against formula injection.
    mutating func append(_ row: [String]) {
        appendRow { cells in
            for cell in row { cells.text(cell) }
        }
    }

    /// Appends a row written cell by cell, in column order, straight into the
    /// CSV text (the large tables: no string per number, no array per row).
    /// Padded or cut to the header's width, as `append` does.
    mutating func appendRow(_ write: (inout Row) -> Void) {
        precondition(!isTaken, "the CSV text was taken")
        if records.isEmpty { records = header }
        // The row takes the text over while it is written, so that appending never copies it.
        var row = Row(bytes: records, isText: isText)
        records = []
        let start = row.bytes.count
        write(&row)
        while row.count < isText.count { row.text("") }
        // A record of one empty field is written `""`, so that it is not a blank line.
        if isText.count == 1 && row.bytes.count == start {
            row.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
        }
        row.bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        records = row.bytes
        rowCount += 1
    }

    /// One row being appended (see `appendRow`). Each call writes the next
    /// cell; cells past the header's width are cut. Numbers, days and booleans
    /// are written as they print (digits, ISO days, `true`/`false`) and never
    /// need quoting or neutralising.
    struct Row {
        fileprivate var bytes: [UInt8]
        fileprivate let isText: [Bool]
        /// Cells written so far.
        fileprivate private(set) var count = 0

        fileprivate init(bytes: [UInt8], isText: [Bool]) {
            self.bytes = bytes
            self.isText = isText
        }

        /// Starts the next cell; false past the last column.
        private mutating func next() -> Bool {
            guard count < isText.count else { return false }
            if count > 0 { bytes.append(UInt8(ascii: ",")) }
            count += 1
            return true
        }

        /// A cell as text: quoted when it has to be, neutralised in a text column.
        mutating func text(_ text: String) {
            guard next() else { return }
            CSVWriter.append(
                field: isText[count - 1] && DataTable.needsNeutralising(text) ? "'" + text : text, to: &bytes)
        }

        /// A text cell given as bytes, as `text` writes the string they decode
        /// to. ASCII without a formula's first character (the usual note) is
        /// copied as it is; anything else goes through the string, which
        /// repairs bytes that are not UTF-8 and puts a neutralising quote
        /// first, with the quoting decided with it.
        mutating func text(utf8: UnsafeBufferPointer<UInt8>) {
            let isPlain =
                utf8.allSatisfy { $0 < 0x80 } && !(utf8.first.map(DataTable.needsNeutralising(first:)) ?? false)
            guard isPlain else { return text(String(decoding: utf8, as: UTF8.self)) }
            guard next() else { return }
            CSVWriter.append(field: utf8, to: &bytes)
        }

        /// A cell holding a codebook code (lowercase ASCII letters, digits and
        /// underscores), or nothing: written as it is, since a code never
        /// needs quoting or neutralising.
        mutating func code(_ code: String) {
            guard next() else { return }
            assert(code.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F })
            bytes += code.utf8
        }

        mutating func code(_ code: (some RawRepresentable<String>)?) {
            self.code(code?.rawValue ?? "")
        }

        mutating func amount(_ amount: Amount?) {
            guard next() else { return }
            amount?.appendDescription(to: &bytes)
        }

        mutating func integer(_ value: Int?) {
            guard next(), let value else { return }
            DecimalText.append(value, to: &bytes)
        }

        mutating func day(_ day: Day?) {
            guard next() else { return }
            day?.appendISO(to: &bytes)
        }

        mutating func bool(_ value: Bool?) {
            guard next(), let value else { return }
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        }

        /// Four cells: low, value, high, qualifier (all empty without an estimate).
        mutating func estimate(_ estimate: Estimate?) {
            amount(estimate?.low)
            amount(estimate?.value)
            amount(estimate?.high)
            code(estimate?.qualifier)
        }

        /// Four cells: low, value, high, qualifier (all empty without a ratio).
        mutating func estimate(_ ratio: RatioEstimate?) {
            text(NumberText.raw(ratio?.low))
            text(NumberText.raw(ratio?.value))
            text(NumberText.raw(ratio?.high))
            text(ratio?.qualifier.rawValue ?? "")
        }
    }

    // MARK: Output

    /// Neutralises a text cell against spreadsheet formula injection.
    static func neutralised(_ text: String) -> String {
        needsNeutralising(text) ? "'" + text : text
    }

    /// Whether a text cell begins with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return (all ASCII, so the first byte tells).
    static func needsNeutralising(_ text: String) -> Bool {
        text.utf8.first.map(needsNeutralising(first:)) ?? false
    }

    static func needsNeutralising(first: UInt8) -> Bool {
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"),
            UInt8(ascii: "\r"):
            true
        default: false
        }
    }

    /// Makes room (after the columns) for about `rows` more rows of
    /// `bytesPerRow` bytes, so that a large table's text grows once instead of
    /// being copied at each doubling (room never written costs no memory until
    /// it is).
    mutating func reserve(rows: Int, bytesPerRow: Int) {
        if records.isEmpty { records = header }
        records.reserveCapacity(records.count + rows * bytesPerRow)
    }

    /// The CSV text (RFC 4180 with CRLF line endings, written by `CSVWriter`):
    /// the header, then every row padded to the header's width, text cells
    /// neutralised against formula injection.
    func csv() -> String {
        precondition(!isTaken, "the CSV text was taken")
        return String(decoding: rowCount > 0 ? records : header, as: UTF8.self)
    }

    /// The header record: the columns' names.
    private var header: [UInt8] {
        var header: [UInt8] = []
        CSVWriter.append(record: fields.map(\.name), to: &header, lineEnding: .crlf)
        return header
    }

    /// The CSV text of `csv()` as UTF-8, handing it over: the table keeps its
    /// schema (all that `resource()` and the summary read) but no longer its
    /// rows, so that the text is neither copied nor held twice while the
    /// report is made.
    mutating func takeCSV() -> [UInt8] {
        precondition(!isTaken, "the CSV text was taken")
        let bytes = rowCount > 0 ? records : header
        records = []
        isTaken = true
        return bytes
    }

    /// The resource descriptor for `datapackage.json`.
    func resource() -> JSONValue {
        .object([
            ("name", .string(name)),
            ("path", .string(path)),
            ("profile", .string("tabular-data-resource")),
            ("title", .string(title)),
            ("description", .string(description)),
            ("format", .string("csv")),
            ("mediatype", .string("text/csv")),
            ("encoding", .string("utf-8")),
            (
                "schema",
                .object([
                    (
                        "fields",
                        .array(
                            fields.map { field in
                                .object([
                                    ("name", .string(field.name)), ("type", .string(field.type.rawValue)),
                                    ("description", .string(field.description)),
                                ])
                            })
                    ),
                    ("missingValues", .array([.string("")])),
                ])
            ),
        ])
    }
}

/// A JSON value written with keys in the order given, for byte-stable output.
indirect enum JSONValue {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed, two-space indentation, a final newline.
    func text() -> String {
        var output = ""
        write(into: &output, indent: 0)
        return output + "\n"
    }

    private func write(into output: inout String, indent: Int) {
        let padding = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .string(let text): output += JSONText.quoted(text)
        case .integer(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += padding
                value.write(into: &output, indent: indent + 1)
                output += index + 1 < values.count ? ",\n" : "\n"
            }
            output += closing + "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += padding + JSONText.quoted(key) + ": "
                value.write(into: &output, indent: indent + 1)
                output += index + 1 < members.count ? ",\n" : "\n"
            }
            output += closing + "}"
        }
    }

}
