import Foundation
import SignalgapImport
import SignalgapModel
import SignalgapStore
import Testing

/// Problems with a dataset as a whole: its header, its datapackage.json, its CSV
/// syntax, its ids and references, and how many problems one run reports.
@Suite struct DatasetValidationTests {
    // MARK: Headers

    @Test func unknownColumnWithAHint() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", takedowns: [Rows.takedown()])
        let header = CSV.header(.takedownCounts).map { $0 == "qualifier" ? "qualifer" : $0 }
        try workspace.write(CSV.text(header: header, rows: [Rows.takedown()]), to: workspace.file("a", .takedownCounts))
        let column = header.prefix { $0 != "qualifer" }.reduce(1) { $0 + $1.count + 1 }
        let path = workspace.file("a", .takedownCounts)
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(path):1:\(column): error: column \"qualifer\" is not a takedown_counts column and is not declared in datapackage.json\n"
                    + "  hint: did you mean \"qualifier\"?",
                "\(path):1:1: error: the header lacks the column \"qualifier\"\n"
                    + "  hint: a takedown_counts file has the columns "
                    + CSV.header(.takedownCounts).joined(separator: ", ") + " (in any order)",
            ])
    }

    @Test func unknownColumnWithoutACloseMatch() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let header = CSV.header(.sources) + ["archive_link"]
        try workspace.write(CSV.text(header: header, rows: [Rows.source()]), to: workspace.file("a", .sources))
        let column = CSV.header(.sources).reduce(1) { $0 + $1.count + 1 }
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .sources)):1:\(column): error: column \"archive_link\" is not a sources column and is not declared in datapackage.json\n"
                    + "  hint: declare it in the resource's schema to keep it, or remove it"
            ])
    }

    @Test func missingColumns() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let header = CSV.header(.sources).filter { $0 != "notes" && $0 != "status" }
        try workspace.write(CSV.text(header: header, rows: [Rows.source()]), to: workspace.file("a", .sources))
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .sources)):1:1: error: the header lacks the columns \"status\", \"notes\"\n"
                    + "  hint: a sources file has the columns id, url, title, publisher, published, retrieved, status, notes (in any order)"
            ])
    }

    @Test func columnTwiceInTheHeader() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let header = CSV.header(.sources) + ["title"]
        try workspace.write(CSV.text(header: header, rows: [Rows.source()]), to: workspace.file("a", .sources))
        let column = CSV.header(.sources).reduce(1) { $0 + $1.count + 1 }
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .sources)):1:\(column): error: column \"title\" appears twice in the header"
            ])
    }

    /// Columns are matched by header name, not by position.
    @Test func columnsInAnyOrder() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", takedowns: [Rows.takedown()])
        let header = CSV.header(.takedownCounts).reversed().map { $0 }
        try workspace.write(
            CSV.text(header: header, rows: [Rows.takedown(), Rows.takedown("t2")]),
            to: workspace.file("a", .takedownCounts))
        #expect(try workspace.diagnostics(["a"]) == [])
        try workspace.importDatasets(["a"])
        let store = try FigureStore(path: workspace.storePath)
        let listing = try store.listing(.observations)
        #expect(listing.rows.map { $0[1] } == ["t1", "t2"])
        #expect(listing.rows.first?[11] == "125000")
    }

    // MARK: datapackage.json

    @Test func datapackageNameMustMatchTheFolder() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        try workspace.write(DatasetScaffold.datapackage(name: "b"), to: workspace.folder("a") + "/datapackage.json")
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.folder("a"))/datapackage.json:2:3: error: \"name\" is \"b\" but the folder is \"a\"\n"
                    + "  hint: a dataset's name and its folder name must be the same"
            ])
    }

    @Test func missingResourceFile() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        try FileManager.default.removeItem(atPath: workspace.file("a", .clusters))
        let descriptor = DatasetScaffold.datapackage(name: "a")
        // The resource's "name" line in datapackage.json.
        let lines = descriptor.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("\"name\": \"clusters\"") }) + 1
        let column =
            try #require(lines[line - 1].range(of: "\"clusters\"")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.folder("a"))/datapackage.json:\(line):\(column): error: resource \"clusters\" points to clusters.csv, which does not exist"
            ])
    }

    @Test func datapackageProblems() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let path = workspace.folder("a") + "/datapackage.json"
        try FileManager.default.removeItem(atPath: path)
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(path): error: no datapackage.json in this dataset folder\n"
                    + "  hint: every folder under Datasets/ is a dataset; `signalgap new-dataset NAME` creates one"
            ])
        try workspace.write("{\"name\": \"a\",", to: path)
        let invalid = try workspace.diagnostics(["a"])
        #expect(invalid.count == 1)
        #expect(invalid.first?.hasPrefix("\(path): error: datapackage.json is not valid JSON") == true)

        try workspace.write(
            "{\"name\": \"a\", \"title\": \"A\", \"resources\": [{\"name\": \"tweets\", \"path\": \"t.csv\"}]}",
            to: path)
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(path):1:52: error: resource \"tweets\" is not one of sources, clusters, takedown_counts, offline_figures\n"
                    + "  hint: a resource's name says which kind of table it is"
            ])
        try workspace.write(
            "{\"name\": \"a\", \"title\": \"A\", \"resources\": [{\"name\": \"sources\", \"path\": \"../x.csv\"}]}",
            to: path)
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(path):1:52: error: resource \"sources\" needs a \"path\" to a CSV file inside the dataset folder\n"
                    + "  hint: for example \"path\": \"sources.csv\""
            ])
    }

    @Test func unknownAndBadlyNamedDatasetFolders() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        #expect(
            try workspace.diagnostics(["nope", "Bad_Name"]) == [
                "\(workspace.folder("nope")): error: no dataset folder named \"nope\"\n"
                    + "  hint: `ls \(workspace.datasets)` lists the datasets; `signalgap new-dataset nope` creates one",
                "\(workspace.folder("Bad_Name")): error: \"Bad_Name\" is not a valid dataset name\n"
                    + "  hint: use lower-case letters, digits and '-'",
            ])
    }

    // MARK: CSV syntax

    @Test func unterminatedQuoteIsReportedWithItsPosition() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", takedowns: [Rows.takedown()])
        let header = CSV.header(.takedownCounts)
        // The last column is notes: open its quote and never close it.
        let opening = CSV.line(Rows.takedown("t2"), header: header)
        let text = CSV.text(header: header, rows: [Rows.takedown()]) + opening + "\"never closed\nt3,more\n"
        try workspace.write(text, to: workspace.file("a", .takedownCounts))
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .takedownCounts)):3:\(opening.count + 1): error: quoted field is never closed (its quote opens here)\n"
                    + "  hint: close the field with a quote, and double every quote inside it (\"\")"
            ])
    }

    @Test func wrongFieldCountIsReportedWithItsPosition() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let bad = "s2,https://example.org,Title, with a comma,P,,,verified,"
        try workspace.write(
            CSV.text(header: CSV.header(.sources), rows: [Rows.source()]) + bad + "\n",
            to: workspace.file("a", .sources))
        // The reader points at the first field beyond the header's count: here the last one.
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .sources)):3:\(bad.count + 1): error: record has 9 fields, expected 8 as in the header\n"
                    + "  hint: quote fields that contain commas"
            ])
    }

    // MARK: Ids

    @Test func duplicateIDs() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write(
            "a", sources: [Rows.source(), Rows.source()], clusters: [Rows.cluster(), Rows.cluster()],
            takedowns: [Rows.takedown(), Rows.takedown()],
            figures: [Rows.figure("t1"), Rows.figure("f1"), Rows.figure("f1")])
        #expect(
            try workspace.diagnostics(["a"]) == [
                "\(workspace.file("a", .sources)):3:1: error: source id \"s1\" is used twice in this dataset",
                "\(workspace.file("a", .clusters)):3:1: error: cluster id \"lisleby\" is used twice in this dataset",
                "\(workspace.file("a", .takedownCounts)):3:1: error: id \"t1\" is used twice in this dataset\n  hint: every figure needs its own id",
                // Takedown counts and offline figures share one id space.
                "\(workspace.file("a", .offlineFigures)):2:1: error: id \"t1\" is used twice in this dataset\n  hint: every figure needs its own id",
                "\(workspace.file("a", .offlineFigures)):4:1: error: id \"f1\" is used twice in this dataset\n  hint: every figure needs its own id",
            ])
    }

    // MARK: References

    @Test(arguments: [["a", "b"], ["b", "a"]])
    func crossDatasetReferencesResolveWithinOneRunInAnyOrder(order: [String]) throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write(
            "a", sources: [],
            takedowns: [
                Rows.takedown(source: "b:s1"), Rows.takedown("t2", source: "b:s1").with(["supersedes": "b:t9"]),
            ],
            figures: [
                Rows.figure(source: "b:s1").with(["scope": "cluster", "subject": "b:lisleby", "measure": "travelled"])
            ])
        try workspace.write("b", clusters: [Rows.cluster()], takedowns: [Rows.takedown("t9")])
        #expect(try workspace.diagnostics(order) == [])
        let outcomes = try workspace.importDatasets(order)
        #expect(outcomes.map(\.dataset) == order)
        #expect(outcomes.allSatisfy { $0.status == .imported })
        let store = try FigureStore(path: workspace.storePath)
        let figures = try store.listing(.observations, dataset: "a")
        #expect(figures.rows.map { $0[15] } == ["b:s1", "b:s1", "b:s1"])
        #expect(figures.rows.compactMap { $0[16] } == ["b:t9"])
        #expect(figures.rows.contains { $0[3] == "b:lisleby" })
    }

    /// A reference into a dataset that is already in the store resolves without re-importing it.
    @Test func crossDatasetReferenceIntoTheStore() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("b")
        try workspace.importDatasets(["b"])
        try workspace.write("a", sources: [], takedowns: [Rows.takedown(source: "b:s1")])
        let outcomes = try workspace.importDatasets(["a"])
        #expect(outcomes.map(\.status) == [.imported])
    }

    @Test func unresolvedReferences() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        let first = Rows.takedown(source: "b:s9")
        let second = Rows.takedown("t2").with(["supersedes": "t8"])
        let third = Rows.figure().with(["scope": "cluster", "subject": "c:lisleby", "measure": "travelled"])
        try workspace.write("a", takedowns: [first, second], figures: [third])
        try workspace.write("b")
        let header = CSV.header(.takedownCounts)
        let takedowns = workspace.file("a", .takedownCounts)
        #expect(
            try workspace.diagnostics(["a", "b"]) == [
                "\(takedowns):2:\(CSV.column(of: "source", in: first, header: header)): error: source b:s9 does not exist\n"
                    + "  hint: import dataset \"b\" first or in the same run, and check the id",
                "\(takedowns):3:\(CSV.column(of: "supersedes", in: second, header: header)): error: figure a:t8 does not exist\n"
                    + "  hint: import dataset \"a\" first or in the same run, and check the id",
                "\(workspace.file("a", .offlineFigures)):2:\(CSV.column(of: "subject", in: third, header: CSV.header(.offlineFigures))): "
                    + "error: cluster c:lisleby does not exist\n"
                    + "  hint: import dataset \"c\" first or in the same run, and check the id",
            ])
    }

    // MARK: How many problems one run reports

    /// Every dataset of a run is checked, not just the first one with a problem.
    @Test func allErrorsOfEveryDatasetInOneRun() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write(
            "a",
            takedowns: [Rows.takedown().with(["value": "1,000"]), Rows.takedown("t2").with(["qualifier": "aprox"])])
        try workspace.write("b", sources: [Rows.source().with(["status": "primary"])])
        try workspace.write("c", sources: [])
        try FileManager.default.removeItem(atPath: workspace.file("c", .sources))
        let problems = try workspace.problems(["a", "b", "c"])
        #expect(
            problems.diagnostics.compactMap { $0.location?.path } == [
                workspace.file("a", .takedownCounts), workspace.file("a", .takedownCounts),
                workspace.file("b", .sources), workspace.folder("c") + "/datapackage.json",
            ])
        #expect(problems.description.hasSuffix("4 errors found; nothing was written to the store"))
    }

    @Test func errorsAreCappedWithACountOfTheRest() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        let rows = (1...8).map { Rows.takedown("t\($0)").with(["value": "\($0).5"]) }
        try workspace.write("a", takedowns: rows)
        let problems = try workspace.problems(["a"], cap: 5)
        #expect(problems.diagnostics.count == 5)
        #expect(problems.suppressed == 3)
        #expect(problems.diagnostics.map { $0.location?.line } == [2, 3, 4, 5, 6])
        let lines = problems.description.components(separatedBy: "\n")
        #expect(
            lines.suffix(2) == [
                "note: 3 more error(s) not shown (the first 5 are listed)",
                "8 errors found; nothing was written to the store",
            ])
    }

    @Test func defaultCapIsFifty() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", takedowns: (1...60).map { Rows.takedown("t\($0)").with(["unit": "people"]) })
        let problems = try workspace.problems(["a"])
        #expect(problems.diagnostics.count == DiagnosticList.defaultCap)
        #expect(problems.count == 60)
    }

    // MARK: new-dataset

    @Test func newDatasetValidatesAsItIs() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        let written = try DatasetScaffold.create(name: "molenbeek-2016", root: workspace.datasets)
        #expect(
            written.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "datapackage.json", "sources.csv", "clusters.csv", "takedowns.csv", "figures.csv",
            ])
        #expect(try workspace.diagnostics(["molenbeek-2016"]) == [])
        let outcomes = try workspace.importDatasets(["molenbeek-2016"])
        #expect(outcomes.map(\.status) == [.imported])
        // Each CSV holds exactly its header.
        let sources = try String(contentsOfFile: workspace.file("molenbeek-2016", .sources), encoding: .utf8)
        #expect(sources == CSV.header(.sources).joined(separator: ",") + "\r\n")
        // datapackage.json is JSON that declares the four resources with their fields.
        let data = try #require(
            FileManager.default.contents(atPath: workspace.folder("molenbeek-2016") + "/datapackage.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["name"] as? String == "molenbeek-2016")
        let resources = try #require(object["resources"] as? [[String: Any]])
        #expect(
            resources.compactMap { $0["name"] as? String } == [
                "sources", "clusters", "takedown_counts", "offline_figures",
            ])
        for resource in resources {
            let kind = try #require(ResourceKind(rawValue: resource["name"] as? String ?? ""))
            let fields = (resource["schema"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
            #expect(fields.compactMap { $0["name"] as? String } == CSV.header(kind))
        }
    }

    @Test func newDatasetThenRowsValidates() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        _ = try DatasetScaffold.create(name: "demo", root: workspace.datasets)
        // Append rows after the scaffold's CRLF header.
        let handle = try #require(FileHandle(forWritingAtPath: workspace.file("demo", .takedownCounts)))
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data((CSV.line(Rows.takedown(), header: CSV.header(.takedownCounts)) + "\r\n").utf8))
        try handle.close()
        try workspace.write(
            CSV.text(header: CSV.header(.sources), rows: [Rows.source()]), to: workspace.file("demo", .sources))
        #expect(try workspace.diagnostics(["demo"]) == [])
    }

    /// Free text may be marked personal (signalgap withholds it wherever it
    /// prints it); the fields it counts and links by may not.
    @Test func onlyTextFieldsMayBeMarkedPersonal() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        _ = try DatasetScaffold.create(name: "demo", root: workspace.datasets)
        let path = workspace.folder("demo") + "/datapackage.json"
        func mark(_ marked: [String: [String]]) throws {
            let data = try #require(FileManager.default.contents(atPath: path))
            var package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var resources = try #require(package["resources"] as? [[String: Any]])
            for index in resources.indices {
                var schema = resources[index]["schema"] as? [String: Any] ?? [:]
                var fields = schema["fields"] as? [[String: Any]] ?? []
                let names = marked[resources[index]["name"] as? String ?? ""] ?? []
                for field in fields.indices {
                    fields[field]["personal"] = names.contains(fields[field]["name"] as? String ?? "") ? true : nil
                }
                schema["fields"] = fields
                resources[index]["schema"] = schema
            }
            package["resources"] = resources
            try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys])
                .write(to: URL(fileURLWithPath: path))
        }
        try mark([
            "sources": ["url", "title", "publisher", "notes"], "clusters": ["name", "district", "city", "notes"],
            "takedown_counts": ["notes"], "offline_figures": ["notes"],
        ])
        #expect(try workspace.diagnostics(["demo"]) == [])

        try mark(["takedown_counts": ["notes", "value"]])
        // The line of the first "value" after the resource's name.
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let resource = try #require(lines.firstIndex { $0.contains("\"takedown_counts\"") })
        let line = try #require(lines[resource...].firstIndex { $0.contains("\"value\"") }) + 1
        let column =
            try #require(lines[line - 1].range(of: "\"value\"")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        #expect(
            try workspace.diagnostics(["demo"]) == [
                "\(path):\(line):\(column): error: field \"value\" of resource \"takedown_counts\" cannot be marked "
                    + "\"personal\"\n  hint: signalgap withholds personal text, which in takedown_counts is \"notes\" and "
                    + "any extra column; ids, codes, dates, numbers and references must not hold personal data"
            ])
    }

    @Test func newDatasetRefusesABadNameOrAnExistingFolder() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        #expect(throws: Diagnostic.self) { try DatasetScaffold.create(name: "Molenbeek", root: workspace.datasets) }
        _ = try DatasetScaffold.create(name: "demo", root: workspace.datasets)
        #expect {
            try DatasetScaffold.create(name: "demo", root: workspace.datasets)
        } throws: { error in
            (error as? Diagnostic)?.message == "a dataset folder named \"demo\" already exists"
        }
    }
}
