import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapStatistics
import SignalgapStore

/// Reads the store into the statistics' compact input: one `FigureRow` per
/// observation, built from the columns without a full `Observation` (extra
/// columns are not read; notes only with `includingNotes`, for the commands
/// that print them). The rows are read in chunks of row ids, on two
/// connections and two threads, then joined in row order.
enum StatisticsLoader {
    /// The input, with the rows' notes when `includingNotes`. Fails with
    /// `StoreError.changedWhileReading` if another program changed the store
    /// while it was read (the chunks could then disagree).
    /// (`chunkRows`: the smallest chunk of row ids a thread reads at a time;
    /// tests make it small to read a small store in many chunks.)
    static func load(
        _ store: FigureStore, includingNotes: Bool = false, chunkRows: Int = Chunks.minimumRows
    ) throws -> StatisticsInput {
        try consistently(store) { try read(store, includingNotes: includingNotes, chunkRows: chunkRows).0 }
    }

    /// The input, and what `alongside` reads from the store, of one state of it.
    static func load<T>(
        _ store: FigureStore, includingNotes: Bool = false, alongside: () throws -> T
    ) throws -> (StatisticsInput, T) {
        try consistently(store) { (try read(store, includingNotes: includingNotes).0, try alongside()) }
    }

    /// What `body` reads from the store, all of one state of it: read once more
    /// if another program committed meanwhile, then refused (see `load`).
    static func consistently<T>(_ store: FigureStore, _ body: () throws -> T) throws -> T {
        try onceMoreIfChanged {
            let version = try store.dataVersion()
            let value = try body()
            try checkUnchanged(store, since: version)
            return value
        }
    }

    /// `body`, run a second time if the store changed while it read it: SQLite
    /// also counts a checkpoint that restarts the log, or a large transaction
    /// rolled back, as a change, so one refusal may be a false alarm.
    static func onceMoreIfChanged<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.changedWhileReading {
            return try body()
        }
    }

    /// The input without notes at once, and its notes read meanwhile on another
    /// thread, for a command that needs the notes only after computing the
    /// metrics (the report): the notes' reading then costs next to no time.
    /// Whatever else is read from the store before `wait()` is covered by its
    /// check that the store did not change.
    static func loadDeferringNotes(_ store: FigureStore) throws -> (StatisticsInput, PendingNotes) {
        let version = try store.dataVersion()
        let (input, rowids) = try read(store, includingNotes: false)
        return (input, PendingNotes(store, rowids: rowids, rows: input.rows.count, since: version))
    }

    private static func checkUnchanged(_ store: FigureStore, since version: Int) throws {
        if try store.dataVersion() != version { throw StoreError.changedWhileReading(path: store.path) }
    }

    /// The notes of an input's rows, being read on a thread of their own.
    final class PendingNotes: @unchecked Sendable {
        // Written by the reading thread before it signals, read after the wait.
        private var result: Result<RowTexts, any Error> = .success(RowTexts())
        private let done = DispatchSemaphore(value: 0)

        private let store: FigureStore
        private let version: Int

        fileprivate init(_ store: FigureStore, rowids: ClosedRange<Int64>?, rows: Int, since version: Int) {
            self.store = store
            self.version = version
            guard let rowids else {
                done.signal()
                return
            }
            Thread.detachNewThread { [self] in
                result = Result {
                    var notes = RowTexts()
                    var row = 0
                    // A connection of its own, so that the command's own reads
                    // meanwhile never wait for this one.
                    try (store.makeReader() ?? store).scanNotes(rowids: rowids) { text in
                        notes.set(text, forRow: row)
                        row += 1
                    }
                    guard row == rows else { throw StoreError.changedWhileReading(path: store.path) }
                    return notes
                }
                done.signal()
            }
        }

        /// The notes, by row of the input, once they have been read. Fails if
        /// anything was committed to the store since the input began to be read,
        /// so that all that was read since, on any thread, saw the same store.
        func wait() throws -> RowTexts {
            done.wait()
            done.signal()  // a second wait returns at once
            let notes = try result.get()
            try checkUnchanged(store, since: version)
            return notes
        }
    }

    /// The rows in row id order, and the range of row ids they came from.
    ///
    /// The row ids are cut into a few chunks, which two threads (each with its
    /// own connection) take in turn until none is left: a thread slowed down
    /// by the machine then simply reads fewer. Each chunk is written where it
    /// belongs in one array (row ids are dense unless rows were removed, and
    /// memory reserved but never written costs nothing), so that joining them
    /// copies nothing unless removed rows left a chunk short.
    private static func read(
        _ store: FigureStore, includingNotes: Bool, chunkRows: Int = Chunks.minimumRows
    ) throws -> (StatisticsInput, ClosedRange<Int64>?) {
        var builder = StatisticsInput.Builder(sources: try store.allSources(), clusters: try store.allClusters())
        guard let rowids = try store.observationRowids() else { return (builder.build(), nil) }
        let numbering = builder
        let sourceIndex: @Sendable (Reference) -> Int32 = { numbering.sourceIndex(of: $0) }
        // On failure only the references are deinitialised: rows hold no references.
        assert(_isPOD(FigureRow.self), "a failed read must deinitialise its rows too")
        let all = Int(clamping: rowids.upperBound - rowids.lowerBound + 1)
        let reader = all >= 2 * chunkRows ? try store.makeReader() : nil
        let chunks = Chunks(rowids, count: reader == nil ? 1 : min(Chunks.most, all / chunkRows))
        var parts: [Part] = []
        var references = ContiguousArray<Reference>()
        var rows = try ContiguousArray<FigureRow>(unsafeUninitializedCapacity: all) { rowBuffer, rowCount in
            references = try ContiguousArray<Reference>(unsafeUninitializedCapacity: all) { referenceBuffer, count in
                let base = Destination(
                    rows: rowBuffer.baseAddress!, references: referenceBuffer.baseAddress!, capacity: all)
                let results = ChunkResults(count: chunks.count)
                let work: @Sendable (FigureStore) -> Void = { connection in
                    while let chunk = results.next() {
                        let destination = base.advanced(by: chunks.offset(chunk), capacity: chunks.size(chunk))
                        results.set(
                            chunk,
                            Result {
                                try Part.read(
                                    connection, rowids: chunks.rowids(chunk), includingNotes: includingNotes,
                                    into: destination, sourceIndex: sourceIndex)
                            })
                    }
                }
                if let reader {
                    let done = DispatchSemaphore(value: 0)
                    Thread.detachNewThread {
                        work(reader)
                        done.signal()
                    }
                    work(store)
                    done.wait()
                } else {
                    work(store)
                }
                // A chunk that fails leaves nothing behind; the others' references are
                // deinitialised here, in place, before the error goes on.
                var failure: (any Error)?
                parts = (0..<chunks.count).map { chunk in
                    switch results.take(chunk) {
                    case .success(let part): return part
                    case .failure(let error):
                        failure = failure ?? error
                        return Part()
                    }
                }
                if let failure {
                    for (chunk, part) in parts.enumerated() {
                        (base.references + chunks.offset(chunk)).deinitialize(count: part.count)
                    }
                    throw failure
                }
                // Chunks that removed rows left short are followed by the next moving up.
                var filled = 0
                for (chunk, part) in parts.enumerated() {
                    let offset = chunks.offset(chunk)
                    if offset != filled {
                        (base.rows + filled).moveInitialize(from: base.rows + offset, count: part.count)
                        (base.references + filled).moveInitialize(from: base.references + offset, count: part.count)
                    }
                    filled += part.count
                }
                count = filled
                rowCount = filled
            }
        }
        var whole = parts[0]
        for part in parts.dropFirst() { whole.absorb(part, rows: &rows) }
        builder.adopt(
            rows: &rows, references: &references, series: whole.series, supersedes: whole.supersedes,
            notes: whole.notes)
        return (builder.build(), rowids)
    }

    /// A range of row ids cut into `count` chunks of nearly equal size.
    struct Chunks: Sendable {
        /// No chunk smaller than this by default (below twice this, one thread reads all).
        static let minimumRows = 16_384
        /// Enough for the two threads to even out, few enough that each
        /// chunk's own statement and transaction cost nothing to speak of.
        static let most = 8

        let first: Int64
        let total: Int
        let count: Int

        init(_ rowids: ClosedRange<Int64>, count: Int) {
            first = rowids.lowerBound
            total = Int(clamping: rowids.upperBound - rowids.lowerBound + 1)
            self.count = max(1, count)
        }

        /// Where the chunk's rows start, counted from the first row id.
        func offset(_ chunk: Int) -> Int { Int((Int64(total) * Int64(chunk)) / Int64(count)) }
        func size(_ chunk: Int) -> Int { offset(chunk + 1) - offset(chunk) }
        func rowids(_ chunk: Int) -> ClosedRange<Int64> {
            (first + Int64(offset(chunk)))...(first + Int64(offset(chunk + 1)) - 1)
        }
    }

    /// Hands out the chunks one at a time and keeps what each thread read.
    final class ChunkResults: @unchecked Sendable {
        private let lock = NSLock()
        private var nextChunk = 0
        // Each slot is written once, by the thread that took the chunk, and
        // read after both threads are done.
        private var results: [Result<Part, any Error>]

        init(count: Int) { results = Array(repeating: .success(Part()), count: count) }

        func next() -> Int? {
            lock.withLock {
                guard nextChunk < results.count else { return nil }
                defer { nextChunk += 1 }
                return nextChunk
            }
        }

        func set(_ chunk: Int, _ result: Result<Part, any Error>) { lock.withLock { results[chunk] = result } }

        /// The chunk's result, leaving none behind (so that its arrays are not shared).
        func take(_ chunk: Int) -> Result<Part, any Error> {
            lock.withLock {
                defer { results[chunk] = .success(Part()) }
                return results[chunk]
            }
        }
    }

    /// Where a part's rows and references go: room for `capacity` of each.
    /// Only one thread writes through it.
    struct Destination: @unchecked Sendable {
        let rows: UnsafeMutablePointer<FigureRow>
        let references: UnsafeMutablePointer<Reference>
        let capacity: Int

        func advanced(by offset: Int, capacity: Int) -> Destination {
            Destination(rows: rows + offset, references: references + offset, capacity: capacity)
        }
    }

    /// What one range of row ids held, besides the rows and references it
    /// wrote to its destination: series numbered within the part, sources as
    /// the statistics' input numbers them.
    struct Part: Sendable {
        /// Rows (and references) written, from the destination's start.
        var count = 0
        /// Row (within the part) and the figure it supersedes, in row order.
        var supersedes: [(row: Int, target: Reference)] = []
        var series: [SeriesKey] = []
        /// The notes of the part's rows, by row within the part.
        var notes = RowTexts()

        /// Reads the rows into `destination`. On success its first `count` rows
        /// and references are initialised; on failure none are.
        static func read(
            _ store: FigureStore, rowids: ClosedRange<Int64>, includingNotes: Bool, into destination: Destination,
            sourceIndex: (Reference) -> Int32
        ) throws -> Part {
            var part = Part()
            // Most rows share a handful of series, sources and datasets: each is
            // recognised from the raw bytes, and its String built once.
            var seriesIndexes = SeriesNumbering()
            var sourceIndexes = ByteKeyedCache<Int32>()
            var datasets = ByteKeyedCache<String>()
            typealias Column = ObservationScan.Column
            let sourceColumns = [Column.sourceDataset, Column.sourceID]
            var key: [UnsafeRawBufferPointer] = []
            key.reserveCapacity(sourceColumns.count)
            do {
                try store.scanObservations(rowids: rowids, includesNotes: includingNotes) { scan in
                    // Distinct row ids in the range: never more rows than its size.
                    guard part.count < destination.capacity else {
                        throw StoreError.changedWhileReading(path: store.path)
                    }
                    let seriesIndex = try seriesIndexes.index(of: scan.seriesKey) {
                        guard let series = scan.series else {
                            let reference = scan.reference
                            throw StoreError.sqlite(
                                "figure \(reference.dataset):\(reference.id) has series key \(scan.seriesKey), which "
                                    + "table series does not hold (the store was changed with its foreign keys off)")
                        }
                        part.series.append(
                            SeriesKey(
                                side: series.side, scope: series.scope, subject: series.subject,
                                measure: series.measure, unit: series.unit))
                        return Int32(part.series.count - 1)
                    }
                    // Each column's bytes are fetched once per row (every SQLite column call costs).
                    key.removeAll(keepingCapacity: true)
                    for column in sourceColumns { key.append(scan.bytes(column)) }
                    let source = sourceIndexes.value(for: key) { sourceIndex(scan.source) }
                    key.removeAll(keepingCapacity: true)
                    key.append(scan.bytes(Column.dataset))
                    let dataset = datasets.value(for: key) { scan.reference.dataset }
                    let id = String(decoding: scan.bytes(Column.id), as: UTF8.self)
                    if let target = scan.supersedes { part.supersedes.append((part.count, target)) }
                    if includingNotes { part.notes.set(scan.bytes(Column.notes), forRow: part.count) }
                    guard let codes = scan.codes else {
                        let reference = scan.reference
                        throw StoreError.sqlite(
                            "figure \(reference.dataset):\(reference.id) has codes this signalgap cannot read "
                                + "(was the store changed behind its back?)")
                    }
                    (destination.rows + part.count).initialize(
                        to: FigureRow(
                            series: seriesIndex, window: scan.window(codes), kind: codes.kind,
                            figure: scan.figure(codes), source: source))
                    (destination.references + part.count).initialize(to: Reference(dataset: dataset, id: id))
                    part.count += 1
                }
            } catch {
                destination.references.deinitialize(count: part.count)
                throw error
            }
            return part
        }

        /// Takes in the part that follows this one, whose rows now follow this
        /// part's in `rows`: renumbers their series as this part's.
        mutating func absorb(_ next: Part, rows: inout ContiguousArray<FigureRow>) {
            var indexByKey: [SeriesKey: Int32] = [:]
            for (index, key) in series.enumerated() where indexByKey[key] == nil { indexByKey[key] = Int32(index) }
            let seriesMap = next.series.map { key in
                if let index = indexByKey[key] { return index }
                series.append(key)
                indexByKey[key] = Int32(series.count - 1)
                return Int32(series.count - 1)
            }
            let offset = count
            if seriesMap.indices.contains(where: { seriesMap[$0] != Int32($0) }) {
                rows.withUnsafeMutableBufferPointer { rows in
                    for index in offset..<offset + next.count {
                        rows[index].series = seriesMap[Int(rows[index].series)]
                    }
                }
            }
            count += next.count
            supersedes.append(contentsOf: next.supersedes.map { (offset + $0.row, $0.target) })
            notes.append(next.notes, offset: offset)
        }
    }
}

/// A part's own numbers for the store's series keys, in the order it meets
/// them. The store numbers its series from 1 without gaps, so an array
/// indexed by key finds them; a key outside its reach goes to a dictionary.
struct SeriesNumbering {
    private var byKey: [Int32] = []
    private var others: [Int64: Int32] = [:]
    private static let arrayReach: Int64 = 1 << 20

    mutating func index(of key: Int64, make: () throws -> Int32) rethrows -> Int32 {
        guard key >= 0, key < Self.arrayReach else {
            if let index = others[key] { return index }
            let index = try make()
            others[key] = index
            return index
        }
        let slot = Int(key)
        if slot < byKey.count, byKey[slot] >= 0 { return byKey[slot] }
        let index = try make()
        if slot >= byKey.count { byKey.append(contentsOf: repeatElement(-1, count: slot + 1 - byKey.count)) }
        byKey[slot] = index
        return index
    }
}

/// `--quarter Q` or `--from Q --to Q`, shared by stats and report.
struct QuarterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("One calendar quarter, e.g. 2016Q1.", valueName: "quarter"))
    var quarter: String?

    @Option(help: ArgumentHelp("First quarter of a range, e.g. 2015Q3.", valueName: "quarter"))
    var from: String?

    @Option(help: ArgumentHelp("Last quarter of a range, e.g. 2017Q4.", valueName: "quarter"))
    var to: String?

    func validate() throws {
        if quarter != nil && (from != nil || to != nil) {
            throw ValidationError("give either --quarter, or --from and --to, not both")
        }
        for (name, text) in [("--quarter", quarter), ("--from", from), ("--to", to)] {
            if let text, Quarter(text) == nil {
                throw ValidationError("\(name) \"\(text)\" is not a quarter; write it as 2016Q1")
            }
        }
        do {
            _ = try makeRange()
        } catch {
            throw ValidationError(error.description + (error.hint.map { " (\($0))" } ?? ""))
        }
    }

    /// The quarters asked for; nil for every quarter with data. An open end
    /// of a range takes the earliest or latest quarter there is.
    var range: ClosedRange<Quarter>? { try? makeRange() }

    private func makeRange() throws(StatisticsError) -> ClosedRange<Quarter>? {
        try QuarterRange.make(
            quarter: quarter.flatMap(Quarter.init), from: from.flatMap(Quarter.init), to: to.flatMap(Quarter.init))
    }
}
