import Foundation
import SignalgapImport
import SignalgapModel
import SignalgapStore
import Testing

/// A CSV row by column name; columns left out are empty.
typealias Row = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The row with some fields changed.
    func with(_ changes: Row) -> Row { merging(changes) { $1 } }
}

/// Valid rows, one per resource kind, to change one field at a time.
enum Rows {
    static func source(_ id: String = "s1") -> Row {
        [
            "id": id, "url": "https://example.org/reports/\(id)", "title": "Transparency report",
            "publisher": "Example Platform", "published": "2016-02-05", "retrieved": "2024-01-10",
            "status": "verified", "notes": "",
        ]
    }

    static func cluster(_ id: String = "lisleby", source: String = "s1") -> Row {
        [
            "id": id, "name": "Lisleby", "district": "Lisleby", "city": "Fredrikstad", "country": "NO",
            "active_start": "2012-01-01", "active_start_precision": "year",
            "active_end": "2015-12-31", "active_end_precision": "year",
            "affiliation": "islamic_state", "ties": "friendship;neighbourhood", "catalyst": "yes",
            "online_role": "minor", "source": source, "notes": "",
        ]
    }

    static func takedown(_ id: String = "t1", source: String = "s1") -> Row {
        [
            "id": id, "platform": "twitter", "measure": "accounts_suspended", "unit": "accounts",
            "start": "2016-01-01", "start_precision": "month", "end": "2016-06-30", "end_precision": "month",
            "kind": "flow", "value": "125000", "low": "", "high": "", "qualifier": "exact",
            "source": source, "supersedes": "", "notes": "",
        ]
    }

    static func figure(_ id: String = "f1", source: String = "s1") -> Row {
        [
            "id": id, "scope": "country", "subject": "BE", "measure": "travelled", "unit": "people",
            "start": "", "start_precision": "", "end": "2015-12-31", "end_precision": "month",
            "kind": "stock", "value": "470", "low": "", "high": "", "qualifier": "about",
            "source": source, "supersedes": "", "notes": "",
        ]
    }
}

/// A temporary folder holding `Datasets/` and a store, removed by `remove()`.
struct Workspace {
    let path: String
    var datasets: String { path + "/Datasets" }
    var storePath: String { path + "/store.sqlite" }

    static func make() throws -> Workspace {
        let path = FileManager.default.temporaryDirectory.path + "/signalgap-import-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/Datasets", withIntermediateDirectories: true)
        return Workspace(path: path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func folder(_ dataset: String) -> String { datasets + "/" + dataset }

    func file(_ dataset: String, _ kind: ResourceKind) -> String {
        folder(dataset) + "/" + kind.conventionalPath
    }

    /// Writes a dataset: the standard `datapackage.json` and one headed CSV per
    /// resource, in the standard column order.
    func write(
        _ name: String, sources: [Row] = [Rows.source()], clusters: [Row] = [], takedowns: [Row] = [],
        figures: [Row] = []
    ) throws {
        try FileManager.default.createDirectory(atPath: folder(name), withIntermediateDirectories: true)
        try write(DatasetScaffold.datapackage(name: name), to: folder(name) + "/datapackage.json")
        for (kind, rows) in [
            (ResourceKind.sources, sources), (.clusters, clusters), (.takedownCounts, takedowns),
            (.offlineFigures, figures),
        ] {
            try write(CSV.text(header: CSV.header(kind), rows: rows), to: file(name, kind))
        }
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Imports into the workspace's store file; the store is closed on return.
    @discardableResult
    func importDatasets(_ names: [String], cap: Int = DiagnosticList.defaultCap) throws -> [ImportOutcome] {
        let store = try FigureStore(path: storePath)
        let importer = DatasetImporter(root: datasets, cap: cap)
        var outcomes: [ImportOutcome] = []
        try store.importBatch { sink in outcomes = try importer.run(names, into: sink) }
        return outcomes
    }

    /// Validates against an empty in-memory store; returns the problems (empty when clean).
    func problems(_ names: [String], cap: Int = DiagnosticList.defaultCap) throws -> DiagnosticList {
        let store = try FigureStore(path: ":memory:")
        let importer = DatasetImporter(root: datasets, cap: cap)
        do {
            try store.importBatch(dryRun: true) { sink in _ = try importer.run(names, into: sink, skipUnchanged: false)
            }
            return DiagnosticList(cap: cap)
        } catch let problems as DiagnosticList {
            return problems
        }
    }

    /// Each diagnostic as printed (`path:line:column: error: message` and its hint line).
    func diagnostics(_ names: [String]) throws -> [String] {
        try problems(names).diagnostics.map(\.description)
    }

    /// The store file's bytes, and its WAL's if there is one.
    func storeBytes() -> [String: Data] {
        var files: [String: Data] = [:]
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: storePath + suffix) { files[suffix] = data }
        }
        return files
    }
}

enum CSV {
    static func header(_ kind: ResourceKind) -> [String] { kind.fields.map(\.name) }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ row: Row, header: [String]) -> String {
        header.map { escape(row[$0] ?? "") }.joined(separator: ",")
    }

    static func text(header: [String], rows: [Row]) -> String {
        ([header.joined(separator: ",")] + rows.map { line($0, header: header) }).map { $0 + "\n" }.joined()
    }

    /// The 1-based column (in Unicode scalars) where `name`'s field starts in the
    /// row as `line(_:header:)` writes it.
    static func column(of name: String, in row: Row, header: [String]) -> Int {
        var column = 1
        for field in header {
            if field == name { return column }
            column += escape(row[field] ?? "").unicodeScalars.count + 1
        }
        Issue.record("no column \(name)")
        return 0
    }
}
