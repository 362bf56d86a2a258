import Foundation
import SignalgapImport
import SignalgapModel
import SignalgapStore
import SignalgapTestSupport
import Testing

/// What an import does to the store: all or nothing, idempotent, replacing and
/// removing exactly one dataset's rows.
@Suite struct ImportIntoStoreTests {
    /// Every row a dataset owns, table by table, as `sqlite3` prints them.
    static func rows(of dataset: String, in workspace: Workspace) throws -> [String] {
        let queries = [
            "SELECT * FROM dataset WHERE name = '\(dataset)'",
            "SELECT * FROM source WHERE dataset = '\(dataset)' ORDER BY id",
            "SELECT * FROM cluster WHERE dataset = '\(dataset)' ORDER BY id",
            "SELECT * FROM cluster_tie WHERE dataset = '\(dataset)' ORDER BY cluster_id, tie",
            "SELECT * FROM observation WHERE dataset = '\(dataset)' ORDER BY id",
        ]
        return try queries.flatMap { try SQLiteShell.rows(workspace.storePath, $0) }
    }

    static func ids(of dataset: String, in workspace: Workspace) throws -> [String] {
        try SQLiteShell.rows(workspace.storePath, "SELECT id FROM observation WHERE dataset = '\(dataset)' ORDER BY id")
    }

    static func manyTakedowns(_ count: Int) -> [Row] {
        (1...count).map { index in
            Rows.takedown("t\(index)").with(["value": String(index * 1_000), "notes": "row \(index), \"quoted\""])
        }
    }

    // MARK: Atomicity

    /// The store's final check knows a broken reference's row (and, for a
    /// figure, the line it was read from); the importer finds the row again by
    /// its id, and the field on whichever line of a multi-line record it starts.
    @Test func aBrokenReferenceIsFoundAgainAtItsLineAndColumn() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        let file = workspace.file("a", .takedownCounts)
        try workspace.write("id,notes,source\r\nt0,plain,s1\r\nt1,\"two\nlines\",s9\r\n", to: file)
        let importer = DatasetImporter(root: workspace.datasets)
        func located(_ id: String, line: Int?, field: String?, dataset: String = "a") -> String? {
            importer.location(
                of: ReferenceSite(dataset: dataset, id: id, resource: "takedown_counts", line: line, field: field))?
                .description
        }
        #expect(located("t1", line: 3, field: "source") == file + ":4:8")
        #expect(located("t1", line: 3, field: "notes") == file + ":3:4")
        #expect(located("t0", line: 2, field: "source") == file + ":2:10")
        #expect(located("t1", line: 2, field: "source") == file + ":4:8", "moved since its import")
        #expect(located("t1", line: nil, field: "source") == file + ":4:8", "no line kept")
        #expect(located("t1", line: 3, field: nil) == file + ":3")
        #expect(located("t1", line: 3, field: "supersedes") == file + ":3", "no such column")
        #expect(located("t9", line: 3, field: "source") == file + ":3", "no longer in the file")
        #expect(located("t9", line: nil, field: "source") == file)
        #expect(located("t1", line: 3, field: "source", dataset: "missing") == nil)
    }

    /// A cluster's line is not kept in the store, yet a cluster whose source
    /// goes away with a replaced dataset is named at its line and column.
    @Test func aClusterWhoseSourceGoesAwayIsNamedAtItsLineAndColumn() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("b", sources: [Rows.source("s1"), Rows.source("s2")])
        let cluster = Rows.cluster("c1", source: "b:s2")
        try workspace.write("a", clusters: [Rows.cluster("c0"), cluster])
        try workspace.importDatasets(["a", "b"])
        try workspace.write("b", sources: [Rows.source("s1")])
        let store = try FigureStore(path: workspace.storePath)
        let importer = DatasetImporter(root: workspace.datasets)
        let column = CSV.column(of: "source", in: cluster, header: CSV.header(.clusters))
        #expect {
            try store.importBatch(locate: importer.location(of:)) { sink in _ = try importer.run(["b"], into: sink) }
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.map(\.description).first?.hasPrefix(
                "\(workspace.file("a", .clusters)):3:\(column): error: a:c1 refers to source b:s2, which is not in the store"
            ) ?? false
        }
    }

    @Test func aBadLastLineLeavesTheStoreByteForByteAsItWas() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(3))
        try workspace.importDatasets(["a"])
        let before = workspace.storeBytes()
        #expect(before[""] != nil)
        #expect(before["-wal"] == nil, "the store leaves no WAL behind once closed")

        var rows = Self.manyTakedowns(300)
        rows[299]["qualifier"] = "aprox"
        try workspace.write("b", clusters: [Rows.cluster()], takedowns: rows, figures: [Rows.figure()])
        #expect {
            try workspace.importDatasets(["b"])
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.map { $0.location?.line } == [301]
        }
        #expect(workspace.storeBytes() == before)
    }

    /// A changed dataset whose new version fails keeps its old rows: the
    /// deletion of the old rows is rolled back with everything else.
    @Test func aFailedReplacementLeavesTheStoreByteForByteAsItWas() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(5))
        try workspace.write("b", takedowns: Self.manyTakedowns(2))
        try workspace.importDatasets(["a", "b"])
        let before = workspace.storeBytes()

        // A changed, valid "a" and a changed "b" whose last line is bad: neither goes in.
        try workspace.write("a", takedowns: Self.manyTakedowns(2))
        var rows = Self.manyTakedowns(50)
        rows[49]["end"] = "2016-02-30"
        try workspace.write("b", takedowns: rows)
        #expect(throws: DiagnosticList.self) { try workspace.importDatasets(["a", "b"]) }
        #expect(workspace.storeBytes() == before)
        #expect(try Self.ids(of: "a", in: workspace) == ["t1", "t2", "t3", "t4", "t5"])
    }

    // MARK: Re-import

    @Test func reimportingAnUnchangedDatasetChangesNothing() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(4), figures: [Rows.figure()])
        try workspace.write("b", takedowns: [Rows.takedown(source: "a:s1")], figures: [])
        let first = try workspace.importDatasets([])
        #expect(first.map(\.status) == [.imported, .imported])
        #expect(first.map(\.takedownCounts) == [4, 1])
        #expect(first.map(\.sources) == [1, 1])
        #expect(first.map(\.clusters) == [1, 0])
        #expect(first.map(\.offlineFigures) == [1, 0])
        let bytes = workspace.storeBytes()
        let dump = try SQLiteShell.dump(workspace.storePath)

        let second = try workspace.importDatasets([])
        #expect(second.map(\.status) == [.unchanged, .unchanged])
        #expect(second.map(\.contentHash) == first.map(\.contentHash))
        #expect(try SQLiteShell.dump(workspace.storePath) == dump)
        #expect(workspace.storeBytes() == bytes)
    }

    @Test func contentHashSeesEveryFile() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", takedowns: [Rows.takedown()])
        let first = try workspace.importDatasets(["a"])
        // Only a note in one file changes.
        try workspace.write("a", takedowns: [Rows.takedown().with(["notes": "restated"])])
        let second = try workspace.importDatasets(["a"])
        #expect(second.map(\.status) == [.replaced])
        #expect(second.first?.contentHash != first.first?.contentHash)
        #expect(try SQLiteShell.rows(workspace.storePath, "SELECT notes FROM observation") == ["restated"])
        let stored = try SQLiteShell.rows(workspace.storePath, "SELECT content_hash FROM dataset WHERE name = 'a'")
        #expect(stored == [second.first?.contentHash ?? ""])
    }

    // MARK: Replacement

    @Test func aChangedDatasetReplacesExactlyItsOwnRows() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write(
            "a", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(3),
            figures: [Rows.figure().with(["scope": "cluster", "subject": "lisleby"])])
        try workspace.write(
            "b", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(3),
            figures: [Rows.figure(), Rows.figure("f2", source: "a:s1")])
        try workspace.importDatasets(["a", "b"])
        let bBefore = try Self.rows(of: "b", in: workspace)
        #expect(try Self.ids(of: "b", in: workspace) == ["f1", "f2", "t1", "t2", "t3"])

        try workspace.write(
            "a", clusters: [], takedowns: [Rows.takedown().with(["value": "7"]), Rows.takedown("t9")], figures: [])
        let outcomes = try workspace.importDatasets(["a"])
        #expect(outcomes.map(\.status) == [.replaced])
        #expect(outcomes.first?.takedownCounts == 2)
        #expect(try Self.ids(of: "a", in: workspace) == ["t1", "t9"])
        #expect(
            try SQLiteShell.rows(workspace.storePath, "SELECT value FROM observation WHERE dataset = 'a' AND id = 't1'")
                == ["7"])
        #expect(try SQLiteShell.rows(workspace.storePath, "SELECT count(*) FROM cluster WHERE dataset = 'a'") == ["0"])
        #expect(
            try SQLiteShell.rows(workspace.storePath, "SELECT count(*) FROM cluster_tie WHERE dataset = 'a'") == ["0"])
        #expect(try Self.rows(of: "b", in: workspace) == bBefore)
    }

    /// A replacement that drops a row another dataset refers to is refused, and changes nothing.
    @Test func aReplacementThatStrandsAnotherDatasetsReferenceIsRefused() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a")
        try workspace.write("b", sources: [], takedowns: [Rows.takedown(source: "a:s1")])
        try workspace.importDatasets(["a", "b"])
        let before = workspace.storeBytes()

        try workspace.write("a", sources: [Rows.source("s2")])
        #expect {
            try workspace.importDatasets(["a"])
        } throws: { error in
            guard let problems = error as? DiagnosticList else { return false }
            return problems.diagnostics.count == 1 && problems.diagnostics[0].message.contains("b:t1")
        }
        #expect(workspace.storeBytes() == before)
    }

    // MARK: Remove

    @Test func removeRemovesExactlyItsOwnRows() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(3), figures: [Rows.figure()])
        try workspace.write("b", clusters: [Rows.cluster()], takedowns: Self.manyTakedowns(3), figures: [Rows.figure()])
        try workspace.importDatasets(["a", "b"])
        let bBefore = try Self.rows(of: "b", in: workspace)

        let store = try FigureStore(path: workspace.storePath)
        try store.remove(dataset: "a")
        #expect(try Self.rows(of: "a", in: workspace) == [])
        #expect(try Self.rows(of: "b", in: workspace) == bBefore)
        #expect(try store.hasDataset("a") == false)
        #expect(try store.listing(.datasets).rows.map { $0[0] } == ["b"])
        #expect(throws: StoreError.datasetNotFound("a")) { try store.remove(dataset: "a") }
    }

    @Test func removeRefusesWhileAnotherDatasetRefersToItsRows() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write("a", clusters: [Rows.cluster()])
        try workspace.write("b", sources: [], figures: [Rows.figure(source: "a:s1")])
        try workspace.write("c", figures: [Rows.figure().with(["scope": "cluster", "subject": "a:lisleby"])])
        try workspace.importDatasets(["a", "b", "c"])
        let before = try SQLiteShell.dump(workspace.storePath)

        do {
            let store = try FigureStore(path: workspace.storePath)
            #expect(throws: StoreError.stillReferenced(dataset: "a", by: ["b", "c"])) { try store.remove(dataset: "a") }
            try store.remove(dataset: "b")
            #expect(throws: StoreError.stillReferenced(dataset: "a", by: ["c"])) { try store.remove(dataset: "a") }
            try store.remove(dataset: "c")
            try store.remove(dataset: "a")
            #expect(try store.listing(.datasets).rows.isEmpty)
        }
        #expect(try SQLiteShell.dump(workspace.storePath) != before)
        #expect(try SQLiteShell.rows(workspace.storePath, "SELECT count(*) FROM observation") == ["0"])
    }

    @Test func theRefusalNamesWhatToDo() {
        let error = StoreError.stillReferenced(dataset: "a", by: ["b", "c"])
        #expect(
            error.description == """
                error: cannot remove "a": b, c still refer to its rows
                  hint: remove b and c first, or import them without those references
                """)
    }
}
