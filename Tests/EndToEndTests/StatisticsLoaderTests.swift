import SignalgapModel
import SignalgapStatistics
import SignalgapStore
import SignalgapTestSupport
import Testing

@testable import SignalgapCommands

/// The loader reads the store in chunks on two connections; the report
/// reads the figures' notes afterwards, on a thread of its own. Both must give
/// every row its own notes, and refuse a store that changed in between.
@Suite struct StatisticsLoaderTests {
    /// A store file with datasets `a` (rows a0…) and `b`, where `a` was imported
    /// twice so that its rows' ids leave a gap; every third figure has no notes.
    func makeStore(_ path: String, rows: Int, imports: [String] = ["a", "b", "a"]) throws -> FigureStore {
        let store = try FigureStore(path: path)
        for name in imports {
            try store.importBatch { sink in
                try sink.beginDataset(
                    DatasetRecord(
                        name: name, title: name, description: "", contentHash: String(repeating: "0", count: 64),
                        descriptor: "{}"))
                try sink.insert(
                    Source(
                        reference: Reference(dataset: name, id: "s"), url: nil, title: "t", publisher: "p",
                        published: nil, retrieved: nil, status: .verified, notes: ""))
                for index in 0..<rows {
                    try sink.insert(takedown(name, index))
                }
                try sink.finishDataset(name, contentHash: String(repeating: "0", count: 64))
            }
        }
        return store
    }

    func takedown(_ dataset: String, _ index: Int) -> Observation {
        let day = Day(ordinal: 16_800 + index)
        return Observation(
            reference: Reference(dataset: dataset, id: "\(dataset)\(index)"), side: .online, scope: .platform,
            subject: "twitter", measure: "accounts_suspended", unit: .accounts,
            window: Window(start: WindowEnd(day, .day), end: WindowEnd(day, .day)), kind: .flow,
            figure: .exact(index), source: Reference(dataset: dataset, id: "s"), supersedes: nil,
            notes: index % 3 == 0 ? "" : "note of \(dataset)\(index), \"quoted\"")
    }

    func expectedNotes(_ input: StatisticsInput) -> [String] {
        input.references.map { reference in
            let index = Int(reference.id.dropFirst(reference.dataset.count)) ?? -1
            return takedown(reference.dataset, index).notes
        }
    }

    @Test func notesReadAfterTheRowsBelongToTheSameRows() throws {
        let project = try Project.make()
        defer { project.remove() }
        let store = try makeStore(project.path + "/store.sqlite", rows: 500)

        let together = try StatisticsLoader.load(store, includingNotes: true)
        let (input, pending) = try StatisticsLoader.loadDeferringNotes(store)
        let deferred = input.withNotes(try pending.wait())

        #expect(together.rows.count == 1_000)
        #expect(deferred.references == together.references)
        let expected = expectedNotes(together)
        #expect(expected.filter { !$0.isEmpty }.count > 600)
        #expect(together.rows.indices.map { together.notes(ofRow: $0) } == expected)
        #expect(deferred.rows.indices.map { deferred.notes(ofRow: $0) } == expected)
        // Without notes, none are read.
        #expect(input.rows.indices.allSatisfy { input.notes(ofRow: $0).isEmpty })
    }

    /// Each chunk of row ids is written where it belongs in one array. Rows
    /// removed leave chunks short or empty: the chunks after them must move up,
    /// notes included, with no hole between. Read in one chunk and in eight
    /// (the most; chunks of 112 or 113 row ids), the input is the same.
    @Test(arguments: [StatisticsLoader.Chunks.minimumRows, 100])
    func rowsRemovedFromTheMiddleLeaveNoHole(chunkRows: Int) throws {
        let project = try Project.make()
        defer { project.remove() }
        // Row ids: a 1…300, b 301…600, c 601…900.
        let store = try makeStore(project.path + "/store.sqlite", rows: 300, imports: ["a", "b", "c"])
        try store.remove(dataset: "b")

        let input = try StatisticsLoader.load(store, includingNotes: true, chunkRows: chunkRows)
        let observations = ["a", "c"].flatMap { name in (0..<300).map { takedown(name, $0) } }
        let expected = StatisticsInput(observations: observations, clusters: [], sources: try store.allSources())
        #expect(input.rows.count == 600)
        #expect(input.rows.indices.first { input.rows[$0] != expected.rows[$0] } == nil)
        #expect(input.references == expected.references)
        #expect(input.series == expected.series)
        #expect(input.rows.indices.map { input.notes(ofRow: $0) } == observations.map(\.notes))
    }

    /// Each chunk numbers its own series; the chunks are joined by renumbering
    /// the later ones', and sources are numbered as the input numbers them from
    /// the start. Here the halves of the rows share some series and have some of
    /// their own, the figures cite two sources, and one in the last chunk
    /// supersedes one in the first: the input read, in two chunks or in eight,
    /// must be the one built from the observations.
    @Test(arguments: [200, 50])
    func theChunksJoinIntoTheInputOfTheSameObservations(chunkRows: Int) throws {
        let project = try Project.make()
        defer { project.remove() }
        let store = try FigureStore(path: project.path + "/store.sqlite")
        let sources = ["s1", "s2"].map {
            Source(
                reference: Reference(dataset: "a", id: $0), url: nil, title: "t", publisher: "p", published: nil,
                retrieved: nil, status: .verified, notes: "")
        }
        let rows = 400
        let observations = (0..<rows).map { index in
            let platform = index < rows / 2 ? ["twitter", "facebook"][index % 2] : ["youtube", "twitter"][index % 2]
            let day = Day(ordinal: 16_800 + index)
            return Observation(
                reference: Reference(dataset: "a", id: "f\(index)"), side: .online, scope: .platform,
                subject: platform, measure: index % 3 == 0 ? "content_actioned" : "accounts_suspended",
                unit: index % 3 == 0 ? .pieces : .accounts,
                window: Window(start: WindowEnd(day, .day), end: WindowEnd(day, .day)), kind: .flow,
                figure: .exact(index), source: sources[index % 5 == 0 ? 1 : 0].reference,
                supersedes: index == rows - 1 ? Reference(dataset: "a", id: "f3") : nil, notes: "")
        }
        try store.importBatch { sink in
            try sink.beginDataset(
                DatasetRecord(
                    name: "a", title: "a", description: "", contentHash: String(repeating: "0", count: 64),
                    descriptor: "{}"))
            for source in sources { try sink.insert(source) }
            for observation in observations { try sink.insert(observation) }
            try sink.finishDataset("a", contentHash: String(repeating: "0", count: 64))
        }

        let read = try StatisticsLoader.load(store, chunkRows: chunkRows)
        let expected = StatisticsInput(observations: observations, clusters: [], sources: try store.allSources())
        #expect(read.series.count == 6)
        #expect(read.series == expected.series)
        // The first row that differs, if any (rather than printing 400 rows).
        #expect(read.rows.count == expected.rows.count)
        #expect(read.rows.indices.first { read.rows[$0] != expected.rows[$0] } == nil)
        #expect(read.references.indices.first { read.references[$0] != expected.references[$0] } == nil)
        #expect(read.supersededBy == [3: Int32(rows - 1)])
        #expect(read.supersededBy == expected.supersededBy)
    }

    /// A figure whose series key names no series (the store edited with its
    /// foreign keys off and its trigger dropped) stops the reading with an
    /// error that says so, whichever chunk it is in; the chunks already read
    /// are given back cleanly (this runs the loader's error path).
    @Test func aBrokenSeriesKeyIsAnErrorNotACrash() throws {
        let project = try Project.make()
        defer { project.remove() }
        let path = project.path + "/store.sqlite"
        let store = try makeStore(path, rows: 300, imports: ["a", "b", "c"])
        let tamper = try SQLiteShell.run(
            path, "DROP TRIGGER observation_series_agrees; UPDATE observation SET series = 999 WHERE id = 'b150'")
        try #require(tamper.status == 0, "\(tamper.stderr)")
        for chunkRows in [StatisticsLoader.Chunks.minimumRows, 50] {
            #expect {
                _ = try StatisticsLoader.load(store, includingNotes: true, chunkRows: chunkRows)
            } throws: { error in
                "\(error)".contains("figure b:b150 has series key 999, which table series does not hold")
            }
        }
    }

    @Test func aStoreChangedBeforeTheNotesAreInIsRefused() throws {
        let project = try Project.make()
        defer { project.remove() }
        let path = project.path + "/store.sqlite"
        let store = try makeStore(path, rows: 10)

        let (_, pending) = try StatisticsLoader.loadDeferringNotes(store)
        // Another program removes a dataset meanwhile.
        try FigureStore(path: path).remove(dataset: "b")

        #expect(throws: StoreError.changedWhileReading(path: path)) { try pending.wait() }
        // Read again, the store is consistent.
        #expect(try StatisticsLoader.load(store, includingNotes: true).rows.count == 10)
    }

    @Test func aChangeSeenOnceIsReadAgainAndTwiceIsRefused() throws {
        var attempts = 0
        let value = try StatisticsLoader.onceMoreIfChanged {
            attempts += 1
            if attempts == 1 { throw StoreError.changedWhileReading(path: "s") }
            return attempts
        }
        #expect(value == 2)
        attempts = 0
        #expect(throws: StoreError.changedWhileReading(path: "s")) {
            try StatisticsLoader.onceMoreIfChanged {
                attempts += 1
                throw StoreError.changedWhileReading(path: "s")
            }
        }
        #expect(attempts == 2)
    }
}
