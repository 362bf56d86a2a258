import Foundation
import SignalgapModel
import SignalgapStatistics
import Testing

@testable import SignalgapReport

/// Checks with tools nobody here wrote. Each is skipped, with a message, when its tool is missing.
@Suite("Report files read back by other tools")
struct ReportToolTests {
    static let files = ReportGenerator.make(ReportFixture.request())

    static func files(ending suffix: String) -> [ReportFile] { files.filter { $0.path.hasSuffix(suffix) } }

    @Test("cmark-gfm parses every Markdown file into tables whose rows have the header's column count")
    func markdownTables() throws {
        guard let cmark = Tool.require("cmark-gfm", package: "cmark-gfm") else { return }
        for file in Self.files(ending: ".md") {
            let result = try Tool.run(
                cmark, ["-e", "table", "-e", "footnotes", "-e", "autolink"], input: file.contents)
            #expect(result.status == 0, "\(file.path): \(result.stderr)")
            let html = result.stdout
            let tables = html.components(separatedBy: "<table>").dropFirst()
            let pipeTables = file.contents.components(separatedBy: "\n").filter {
                $0.hasPrefix("| --- |") || $0.hasPrefix("| ---") || $0.hasPrefix("|---") || $0.hasPrefix("| ---:")
            }
            #expect(
                tables.count == pipeTables.count,
                "\(file.path): \(pipeTables.count) tables written, \(tables.count) parsed")
            for (index, table) in tables.enumerated() {
                let body = table.components(separatedBy: "</table>")[0]
                let rows = body.components(separatedBy: "<tr>").dropFirst()
                let header = rows.first.map { $0.components(separatedBy: "<th").count - 1 } ?? 0
                #expect(header > 0, "\(file.path) table \(index + 1) has no header")
                for (rowIndex, row) in rows.dropFirst().enumerated() {
                    let cells = row.components(separatedBy: "<td").count - 1
                    #expect(
                        cells == header,
                        "\(file.path) table \(index + 1) row \(rowIndex + 1): \(cells) cells, header \(header)")
                }
            }
            // Every footnote reference has its definition (an unresolved one stays literal text).
            #expect(!html.contains("[^s"), "\(file.path) has a footnote without a definition")
            // Even with raw HTML allowed, nothing from the data becomes HTML.
            let unsafe = try Tool.run(cmark, ["--unsafe", "-e", "table", "-e", "footnotes"], input: file.contents)
            #expect(!unsafe.stdout.lowercased().contains("<script"), "\(file.path) lets a script tag through")
            #expect(!unsafe.stdout.contains("<b>bold</b>"), "\(file.path) lets raw HTML through")
        }
    }

    @Test("A column count that matches the header is what the checks see for the hostile cluster")
    func pipeInCellKeepsColumns() throws {
        let readme = try #require(Self.files.first { $0.path == "README.md" }).contents
        let line = try #require(
            readme.components(separatedBy: "\n").first { $0.contains("Pipe") && $0.hasPrefix("| ") })
        #expect(line.contains("Pipe\\|Town &lt;script&gt;alert(2)&lt;/script&gt;"))
    }

    /// Reads every CSV with Python's csv module; returns file → rows (header first).
    static func readWithPython(_ folder: URL) throws -> [String: [[String]]]? {
        guard let python = Tool.require("python3", package: "python3") else { return nil }
        let script = """
            import csv, json, sys, os
            out = {}
            for name in sorted(os.listdir(sys.argv[1])):
                with open(os.path.join(sys.argv[1], name), newline="", encoding="utf-8") as handle:
                    out[name] = list(csv.reader(handle, strict=True))
            print(json.dumps(out))
            """
        let result = try Tool.run(python, ["-c", script, folder.appendingPathComponent("csv").path])
        #expect(result.status == 0, "python3: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return object as? [String: [[String]]]
    }

    @Test("Python's csv module reads every CSV back: rectangular, and with the numbers of the statistics")
    func csvReadBack() throws {
        let folder = try writeReport(Self.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let tables = try Self.readWithPython(folder) else { return }
        #expect(Set(tables.keys) == Set(Self.files(ending: ".csv").map { String($0.path.dropFirst(4)) }))
        for (name, rows) in tables {
            let width = rows.first?.count ?? 0
            #expect(width > 0, "\(name) has no header")
            for (index, row) in rows.enumerated() {
                #expect(row.count == width, "\(name) row \(index): \(row.count) cells, header \(width)")
            }
        }
        // The quarterly totals as `signalgap stats --format json` gives them.
        let request = ReportFixture.request()
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request.metrics)) as? [String: Any]
        let comparison = try #require(json?["comparison"] as? [String: Any])
        let totals = try #require(comparison["totals"] as? [String: Any])
        var expected: [String: [Double?]] = [:]
        for side in ["online", "offline"] {
            for series in try #require(totals[side] as? [[String: Any]]) {
                let subject = series["subject"] as? String ?? ""
                let measure = try #require(series["measure"] as? String)
                for quarter in try #require(series["quarters"] as? [[String: Any]]) {
                    let label = try #require(quarter["quarter"] as? String)
                    let total = try #require(quarter["total"] as? [String: Any])
                    expected["\(label) \(subject) \(measure)"] = ["low", "value", "high"].map { total[$0] as? Double }
                }
            }
        }
        let csv = try #require(tables["quarterly_totals.csv"])
        let header = try #require(csv.first)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let quarter = try column("quarter")
        let subject = try column("subject")
        let measure = try column("measure")
        let bounds = try ["total_low", "total_value", "total_high"].map(column)
        var seen = 0
        for row in csv.dropFirst() {
            let key = "\(row[quarter]) \(row[subject]) \(row[measure])"
            let want = try #require(expected[key], "no JSON total for \(key)")
            for (offset, index) in bounds.enumerated() {
                let got = row[index].isEmpty ? nil : Double(row[index])
                #expect(
                    got == want[offset],
                    "\(key) \(header[index]): CSV \(row[index]), JSON \(String(describing: want[offset]))")
            }
            seen += 1
        }
        #expect(seen == expected.count)
        #expect(seen > 0)
    }

    @Test("Text cells that could be formulas are neutralised; numbers are left alone")
    func formulaInjection() throws {
        let folder = try writeReport(Self.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let tables = try Self.readWithPython(folder) else { return }
        let sources = try #require(tables["sources.csv"])
        let titleIndex = try #require(sources.first?.firstIndex(of: "title"))
        let notesIndex = try #require(sources.first?.firstIndex(of: "notes"))
        let hostile = try #require(sources.first { $0[0] == "fixture:hostile" })
        #expect(hostile[titleIndex] == "'" + ReportFixture.hostileTitle)
        let records = try #require(sources.first { $0[0] == "fixture:case-records" })
        #expect(records[notesIndex] == "'" + ReportFixture.hostileNotes)
        let datasets = try #require(tables["datasets.csv"])
        #expect(datasets.contains { $0[1] == "'=SUM(1+1) | <b>bold</b>" })
        let clusters = try #require(tables["clusters.csv"])
        let clusterNotes = try #require(clusters.first?.firstIndex(of: "notes"))
        #expect(clusters.contains { $0[clusterNotes] == "'" + ReportFixture.hostileNotes })
        // A negative number in a numeric column stays a number.
        let figures = try #require(tables["quarter_figures.csv"])
        let value = try #require(figures.first?.firstIndex(of: "figure_value"))
        let reference = try #require(figures.first?.firstIndex(of: "reference"))
        let change = try #require(figures.first { $0[reference] == "fixture:tr-2017h1-change" })
        #expect(change[value] == "-20")
        // No cell of any CSV starts a formula.
        for (name, rows) in tables {
            for row in rows {
                for cell in row {
                    guard let first = cell.unicodeScalars.first else { continue }
                    if "=+@\t\r".unicodeScalars.contains(first) {
                        Issue.record("\(name): cell \(cell) starts a formula")
                    }
                }
            }
        }
    }

    @Test("frictionless validates datapackage.json and every CSV")
    func frictionless() throws {
        guard let frictionless = Tool.require("frictionless", package: "python3-pip && pip install frictionless") else {
            return
        }
        let folder = try writeReport(Self.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Tool.run(frictionless, ["validate", "datapackage.json"], in: folder)
        #expect(result.status == 0, "frictionless: \(result.stdout)\(result.stderr)")
    }

    @Test("Every SVG is well-formed XML and renders")
    func svg() throws {
        let svgs = Self.files(ending: ".svg")
        #expect(svgs.map(\.path) == ["charts/composition.svg", "charts/quarterly.svg"])
        for file in svgs {
            #expect(file.contents.contains("<title"), "\(file.path) has no title")
            #expect(file.contents.contains("<desc"), "\(file.path) has no description")
            #expect(!file.contents.lowercased().contains("<script"))
        }
        let folder = try writeReport(Self.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        if let xmllint = Tool.require("xmllint", package: "libxml2-utils") {
            for file in svgs {
                let result = try Tool.run(xmllint, ["--noout", folder.appendingPathComponent(file.path).path])
                #expect(result.status == 0, "\(file.path): \(result.stderr)")
            }
        }
        if let rsvg = Tool.require("rsvg-convert", package: "librsvg2-bin") {
            for file in svgs {
                let png = folder.appendingPathComponent(file.path + ".png").path
                let result = try Tool.run(rsvg, ["-o", png, folder.appendingPathComponent(file.path).path])
                #expect(result.status == 0, "\(file.path): \(result.stderr)")
                let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
                #expect(size > 1_000, "\(file.path) rendered to an empty image")
            }
        }
    }

    @Test("Personal fields appear only when asked for")
    func personalData() {
        for file in Self.files {
            #expect(!file.contents.contains(ReportFixture.personalValue), "\(file.path) shows personal data")
        }
        let included = ReportGenerator.make(ReportFixture.request(includesPersonalData: true))
        #expect(included.contains { $0.contents.contains(ReportFixture.personalValue) })
    }

    @Test("A figure's notes follow it into the quarter listing and the CSV, escaped, and personal ones are withheld")
    func figureNotes() throws {
        let files = Dictionary(uniqueKeysWithValues: Self.files.map { ($0.path, $0.contents) })
        let first = try #require(files["quarters/2016Q1.md"])
        #expect(first.contains("## Notes on the figures listed"))
        #expect(first.contains("- fixture:blog-2016-02-05: \(ReportFixture.startNotes)\n"))
        #expect(first.contains("- fixture:northtown-2016q1: \(Markdown.text(ReportContext.withheld))\n"))
        // Markdown punctuation from the dataset is escaped: the table syntax cannot be broken.
        let third = try #require(files["quarters/2016Q3.md"])
        #expect(third.contains("- fixture:tr-2016h2: +cmd\\|' /C calc'\\!A0\n"))
        let figures = try #require(files["csv/quarter_figures.csv"])
        #expect(figures.contains(",'+cmd|' /C calc'!A0"), "notes starting a formula are neutralised")
        #expect(figures.contains(",\(ReportFixture.startNotes)"))
        let included = ReportGenerator.make(ReportFixture.request(includesPersonalData: true))
        let shown = try #require(included.first { $0.path == "quarters/2016Q1.md" })
        #expect(
            shown.contents.contains(
                "- fixture:northtown-2016q1: Named in the records: \(ReportFixture.personalValue).\n"))
    }

    @Test("The Markdown embeds the charts and links the CSV files by relative paths that exist")
    func relativeLinks() throws {
        let paths = Set(Self.files.map(\.path))
        for file in Self.files(ending: ".md") {
            let base = file.path.contains("/") ? "quarters/" : ""
            var rest = file.contents[...]
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let target = String(after[..<close])
                rest = after[close...]
                if target.hasPrefix("http") || target.hasPrefix("#") { continue }
                var resolved = base + (target.split(separator: "#").first.map(String.init) ?? "")
                while let range = resolved.range(of: "quarters/../") { resolved.replaceSubrange(range, with: "") }
                #expect(paths.contains(resolved), "\(file.path) links to \(target), which is not a report file")
            }
        }
    }
}
