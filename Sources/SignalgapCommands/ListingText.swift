import Foundation
import SignalgapIO
import SignalgapModel
import SignalgapStore

/// Renders a listing as an aligned table, CSV (RFC 4180) or JSON.
enum ListingText {
    static func render(_ listing: Listing, format: OutputFormat) -> String {
        switch format {
        case .table: table(listing)
        case .csv: csv(listing)
        case .json: json(listing)
        }
    }

    /// Columns padded to their widest cell; long cells are cut with "…" so a
    /// row stays on one line. Empty cells print as "-".
    static func table(_ listing: Listing, maxWidth: Int = 48) -> String {
        // Each cell with its width in characters, counted once.
        let cells = listing.rows.map { row in row.map { cellText($0, maxWidth: maxWidth) } }
        var widths = listing.columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.width) }
        }
        func line(_ row: [(text: String, width: Int)]) -> String {
            var text = ""
            for (index, cell) in row.enumerated() {
                text += cell.text
                if index < row.count - 1 { text += String(repeating: " ", count: widths[index] - cell.width + 2) }
            }
            return text
        }
        var lines = [line(listing.columns.map { ($0, $0.count) })]
        lines += cells.map(line)
        if listing.rows.isEmpty { lines.append("(no rows)") }
        return lines.joined(separator: "\n")
    }

    /// A cell on one line ("-" when empty; CR LF, LF and a lone CR each become a
    /// space), cut to `maxWidth` characters, and its width.
    private static func cellText(_ cell: String?, maxWidth: Int) -> (text: String, width: Int) {
        guard var text = cell, !text.isEmpty else { return ("-", 1) }
        // Most cells have no line break: they are not searched for one.
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            text = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: " ")
        }
        let width = text.count
        return width > maxWidth ? (String(text.prefix(maxWidth - 1)) + "…", maxWidth) : (text, width)
    }

    static func csv(_ listing: Listing) -> String {
        var writer = CSVWriter(lineEnding: .lf)
        do {
            try writer.write(listing.columns)
            for row in listing.rows { try writer.write(row.map { $0 ?? "" }) }
        } catch {
            return ""
        }
        var text = writer.string
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// An array of objects, keys in column order; numbers stay numbers.
    static func json(_ listing: Listing) -> String {
        let objects = listing.rows.map { row -> String in
            let members = zip(listing.columns, row).enumerated().map { index, pair -> String in
                let (column, cell) = pair
                let value = cell.map { listing.numericColumns.contains(index) ? $0 : JSONText.quoted($0) } ?? "null"
                return "\(JSONText.quoted(column)): \(value)"
            }
            return "  {" + members.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

}

enum FileManagerProbe {
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}
