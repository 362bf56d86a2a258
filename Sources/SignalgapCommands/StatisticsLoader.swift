import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapStatistics
import SignalgapStore

/// Reads the store into the statistics' compact input: one `FigureRow` per
/// observation, built from the columns without a full `Observation` (extra
/// columns are not read; notes only with `includingNotes`, for the commands
/// that print them). The rows are read in two halves by row id, on two
/// connections and two threads, then joined in row order.
enum StatisticsLoader {
    /// The input, with the rows' notes when `includingNotes`. Fails with
    /// `StoreError.changedWhileReading` if another program changed the store
    /// while it was read (the two halves could then disagree).
    static func load(_ store: FigureStore, includingNotes: Bool = false) throws -> StatisticsInput {
        try consistently(store) { try read(store, includingNotes: includingNotes).0 }
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
    private static func read(_ store: FigureStore, includingNotes: Bool) throws -> (
        StatisticsInput, ClosedRange<Int64>?
    ) {
        var builder = StatisticsInput.Builder(sources: try store.allSources(), clusters: try store.allClusters())
        guard let rowids = try store.observationRowids() else { return (builder.build(), nil) }
        let numbering = builder
        let sourceIndex: @Sendable (Reference) -> Int32 = { numbering.sourceIndex(of: $0) }
        // Row ids are dense unless rows were removed: a range's size is its row
        // count or a little more (never less), and memory reserved but never
        // written costs nothing. Each half is written where it belongs in one
        // array, so that joining them copies nothing when the ids are dense.
        let all = Int(clamping: rowids.upperBound - rowids.lowerBound + 1)
        let middle = rowids.lowerBound + (rowids.upperBound - rowids.lowerBound) / 2
        let reader = middle < rowids.upperBound ? try store.makeReader() : nil
        let firstRange = reader == nil ? rowids : rowids.lowerBound...middle
        let firstCapacity = Int(clamping: firstRange.upperBound - firstRange.lowerBound + 1)
        var first = Part()
        var second = Part()
        var references = ContiguousArray<Reference>()
        var rows = try ContiguousArray<FigureRow>(unsafeUninitializedCapacity: all) { rowBuffer, rowCount in
            references = try ContiguousArray<Reference>(unsafeUninitializedCapacity: all) { referenceBuffer, count in
                let destination = Destination(
                    rows: rowBuffer.baseAddress!, references: referenceBuffer.baseAddress!, capacity: firstCapacity)
                guard let reader else {
                    first = try Part.read(
                        store, rowids: firstRange, includingNotes: includingNotes, into: destination,
                        sourceIndex: sourceIndex)
                    count = first.count
                    rowCount = count
                    return
                }
                let secondDestination = destination.advanced(by: firstCapacity, capacity: all - firstCapacity)
                let secondResult = PartResult()
                let done = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    secondResult.result = Result {
                        try Part.read(
                            reader, rowids: (middle + 1)...rowids.upperBound, includingNotes: includingNotes,
                            into: secondDestination, sourceIndex: sourceIndex)
                    }
                    done.signal()
                }
                let firstResult = Result {
                    try Part.read(
                        store, rowids: firstRange, includingNotes: includingNotes, into: destination,
                        sourceIndex: sourceIndex)
                }
                done.wait()
                // A part that fails leaves nothing behind in the array; the
                // array deinitialises the first `count` references it holds.
                switch (firstResult, secondResult.take()) {
                case (.success(let firstPart), .success(let secondPart)):
                    first = firstPart
                    second = secondPart
                case (.failure(let error), .success(let secondPart)):
                    secondDestination.references.deinitialize(count: secondPart.count)
                    throw error
                case (.success(let firstPart), .failure(let error)):
                    count = firstPart.count
                    rowCount = count
                    throw error
                case (.failure(let error), .failure):
                    throw error
                }
                // Removed rows leave the first half short: the second moves up to follow it.
                if first.count < firstCapacity {
                    (destination.rows + first.count).moveInitialize(from: secondDestination.rows, count: second.count)
                    (destination.references + first.count).moveInitialize(
                        from: secondDestination.references, count: second.count)
                }
                count = first.count + second.count
                rowCount = count
            }
        }
        if second.count > 0 { first.absorb(second, rows: &rows) }
        builder.adopt(
            rows: &rows, references: &references, series: first.series, supersedes: first.supersedes,
            notes: first.notes)
        return (builder.build(), rowids)
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
                    (destination.rows + part.count).initialize(
                        to: FigureRow(
                            series: seriesIndex, window: scan.window, kind: scan.kind, figure: scan.figure,
                            source: source))
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

    /// Carries the second thread's part back.
    final class PartResult: @unchecked Sendable {
        // Written by the reading thread before it signals, read after the wait.
        var result: Result<Part, any Error> = .success(Part())

        /// The part, leaving none behind (so that its arrays are not shared).
        func take() -> Result<Part, any Error> {
            defer { result = .success(Part()) }
            return result
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
