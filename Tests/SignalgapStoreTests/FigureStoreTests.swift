import Foundation
import SignalgapModel
import SignalgapStore
import SignalgapTestSupport
import Testing

struct Planned: Error {}

/// Import transactions, removal and listings, through the store's own API.
@Suite struct FigureStoreTests {
    @Test func aBatchThatThrowsLeavesNothingBehind() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in try sink.insert(Make.takedown("a", "t1")) }
        let before = try store.listing(.observations)

        #expect(throws: Planned.self) {
            try store.importBatch { sink in
                try sink.beginDataset(Make.record("a"))  // deletes a's rows
                try sink.beginDataset(Make.record("b"))
                try sink.insert(Make.source("b"))
                throw Planned()
            }
        }
        #expect(try store.listing(.observations) == before)
        #expect(try store.listing(.datasets).rows.map { $0[0] } == ["a"])
    }

    @Test func aDryRunIsAlwaysRolledBack() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.importBatch(dryRun: true) { sink in
            try sink.beginDataset(Make.record("a"))
            try sink.insert(Make.source("a"))
            try sink.insert(Make.takedown("a", "t1"))
            // Inside the transaction, the rows are there.
            #expect(try sink.sourceExists(Reference(dataset: "a", id: "s1")))
            #expect(try sink.observationExists(Reference(dataset: "a", id: "t1")))
            #expect(try sink.contentHash(ofDataset: "a") == Make.hash)
        }
        #expect(try store.listing(.datasets).rows.isEmpty)
        #expect(try store.hasDataset("a") == false)
    }

    @Test func aDuplicateIDIsReportedAsSuch() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        // Figures may be written in batches: the clash names the row and its line.
        #expect(throws: DuplicateRows(rows: [(Reference(dataset: "a", id: "t1"), 2, nil)])) {
            try store.put("a") { sink in
                try sink.insert(Make.takedown("a", "t1"))
                try sink.insert(Make.takedown("a", "t1", figure: .exact(5)))
            }
        }
        #expect(try store.listing(.datasets).rows.isEmpty)
        #expect(throws: DuplicateRow(reference: Reference(dataset: "a", id: "lisleby"))) {
            try store.put("a") { sink in
                try sink.insert(Make.cluster("a"))
                try sink.insert(Make.cluster("a"))
            }
        }
        // The same id in two datasets is two rows.
        try store.put("a") { sink in try sink.insert(Make.takedown("a", "t1")) }
        try store.put("b") { sink in try sink.insert(Make.takedown("b", "t1")) }
        #expect(try store.listing(.observations).rows.map { "\($0[0] ?? ""):\($0[1] ?? "")" } == ["a:t1", "b:t1"])
    }

    /// References that do not resolve by the end of the batch are listed, and nothing is written.
    @Test func danglingReferencesAreRefusedAtTheEnd() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        #expect {
            try store.put("a") { sink in
                try sink.insert(Make.takedown("a", "t1", source: Reference(dataset: "b", id: "s1")))
            }
        } throws: { error in
            guard let problems = error as? DiagnosticList else { return false }
            return problems.diagnostics.map(\.description) == [
                "a:2: error: a:t1 refers to source b:s1, which is not in the store\n"
                    + "  hint: import the dataset it refers to in the same run, or keep the row it refers to"
            ]
        }
        #expect(try store.listing(.datasets).rows.isEmpty)

        // Within one batch, order does not matter: the check runs at the end.
        try store.importBatch { sink in
            try sink.beginDataset(Make.record("a"))
            try sink.insert(Make.source("a"))
            try sink.insert(Make.takedown("a", "t1", source: Reference(dataset: "b", id: "s1")))
            try sink.beginDataset(Make.record("b"))
            try sink.insert(Make.source("b"))
        }
        #expect(try store.listing(.datasets).rows.map { $0[0] } == ["a", "b"])
    }

    @Test func removeRemovesExactlyOneDatasetsRows() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        for name in ["a", "b"] {
            try store.put(name) { sink in
                try sink.insert(Make.cluster(name))
                try sink.insert(Make.takedown(name, "t1"))
                try sink.insert(Make.clusterFigure(name, "f1", cluster: Reference(dataset: name, id: "lisleby")))
            }
        }
        let b = try ListingKind.allCases.map { try store.listing($0, dataset: "b") }
        try store.remove(dataset: "a")
        for kind in ListingKind.allCases {
            #expect(try store.listing(kind, dataset: "a").rows.isEmpty, "\(kind)")
        }
        #expect(try ListingKind.allCases.map { try store.listing($0, dataset: "b") } == b)
        #expect(
            try SQLiteShell.rows(scratch.storePath, "SELECT count(*) FROM cluster_tie WHERE dataset = 'a'") == ["0"])
        #expect(
            try SQLiteShell.rows(scratch.storePath, "SELECT count(*) FROM cluster_tie WHERE dataset = 'b'") == ["2"])
        #expect(throws: StoreError.datasetNotFound("a")) { try store.remove(dataset: "a") }
    }

    /// Every kind of reference into a dataset keeps it from being removed.
    @Test(arguments: ["source", "cluster source", "cluster subject", "supersedes"])
    func removeRefusesWhileReferenced(kind: String) throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in
            try sink.insert(Make.cluster("a"))
            try sink.insert(Make.takedown("a", "t1"))
        }
        try store.put("b") { sink in
            switch kind {
            case "source": try sink.insert(Make.takedown("b", "t1", source: Reference(dataset: "a", id: "s1")))
            case "cluster source": try sink.insert(Make.cluster("b", source: Reference(dataset: "a", id: "s1")))
            case "cluster subject":
                try sink.insert(Make.clusterFigure("b", "f1", cluster: Reference(dataset: "a", id: "lisleby")))
            default: try sink.insert(Make.takedown("b", "t2", supersedes: Reference(dataset: "a", id: "t1")))
            }
        }
        let before = try SQLiteShell.run(scratch.storePath, ".dump").stdout
        #expect(throws: StoreError.stillReferenced(dataset: "a", by: ["b"])) { try store.remove(dataset: "a") }
        #expect(try SQLiteShell.run(scratch.storePath, ".dump").stdout == before)
        try store.remove(dataset: "b")
        try store.remove(dataset: "a")
        #expect(try store.listing(.datasets).rows.isEmpty)
    }

    @Test func amountsAreStoredAsNumbersAndListedWithoutNoise() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        let share = Observation(
            reference: Reference(dataset: "a", id: "p1"), side: .online, scope: .platform, subject: "youtube",
            measure: "share_found_by_internal_tools", unit: .percent,
            window: Window(start: nil, end: WindowEnd(Make.day("2017-06-30"), .day)), kind: .stock,
            figure: Figure(value: Amount(units: 836_400), qualifier: .exact), source: Reference(dataset: "a", id: "s1"),
            supersedes: nil, notes: "")
        let range = Make.takedown(
            "a", "r1", figure: Figure(value: nil, low: Amount(27_000), high: Amount(31_000), qualifier: .range))
        try store.put("a") { sink in
            try sink.insert(share)
            try sink.insert(range)
        }
        #expect(
            try SQLiteShell.rows(
                scratch.storePath, "SELECT id, typeof(value), typeof(low), typeof(high) FROM observation ORDER BY id")
                == ["p1|real|null|null", "r1|null|integer|integer"])
        let listing = try store.listing(.observations)
        #expect(
            listing.columns == [
                "dataset", "id", "side", "subject", "measure", "unit", "start", "start_precision", "end",
                "end_precision",
                "kind", "value", "low", "high", "qualifier", "source", "supersedes", "notes",
            ])
        #expect(
            listing.rows == [
                [
                    "a", "r1", "online", "twitter", "accounts_suspended", "accounts", "2016-01-01", "month",
                    "2016-06-30", "month",
                    "flow", nil, "27000", "31000", "range", "a:s1", nil, "",
                ],
                [
                    "a", "p1", "online", "youtube", "share_found_by_internal_tools", "percent", nil, nil, "2017-06-30",
                    "day",
                    "stock", "83.64", nil, nil, "exact", "a:s1", nil, "",
                ],
            ])
    }

    @Test func listingsOfEveryKind() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in
            try sink.insert(Make.cluster("a"))
            try sink.insert(Make.takedown("a", "t1"))
            try sink.insert(Make.takedown("a", "t2", supersedes: Reference(dataset: "a", id: "t1")))
            try sink.insert(Make.clusterFigure("a", "f1", cluster: Reference(dataset: "a", id: "lisleby")))
        }
        #expect(
            try store.listing(.datasets).rows == [["a", "Dataset a", "1", "1", "2", "1", String(Make.hash.prefix(12))]])
        #expect(
            try store.listing(.sources).rows == [
                ["a", "s1", "verified", "Example", "2016-02-05", "Report, s1", "https://example.org/s1"]
            ])
        #expect(
            try store.listing(.platforms).rows == [
                ["twitter", "accounts_suspended", "accounts", "2", "2016-01-01", "2016-06-30", "1"]
            ])
        #expect(
            try store.listing(.clusters).rows == [
                [
                    "a", "lisleby", "Lisleby", "Fredrikstad", "NO", "islamic_state", "friendship;neighbourhood", "yes",
                    "minor", "a:s1",
                ]
            ])
        #expect(try store.listing(.observations).rows.map { $0[16] } == [nil, nil, "a:t1"])
        #expect(try store.listing(.observations, dataset: "zz").rows.isEmpty)
    }
}
