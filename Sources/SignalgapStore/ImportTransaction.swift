import Foundation
import GRDB
import GRDBSQLite
import SignalgapModel

/// The store's side of an import: validated rows go in through prepared
/// statements bound with the SQLite C API (the hot path runs once per row),
/// inside the transaction `FigureStore.importBatch` opened.
final class ImportTransaction: DatasetSink, @unchecked Sendable {
    private let db: Database
    private let insertObservation: Statement
    private let insertSource: Statement
    private let insertCluster: Statement
    private let insertTie: Statement
    private let observationExistsStatement: Statement
    private let insertSeries: Statement

    init(_ db: Database) throws {
        self.db = db
        insertSeries = try db.makeStatement(
            sql: "INSERT INTO series (key, side, scope, subject, measure, unit) VALUES (?, ?, ?, ?, ?, ?)")
        nextSeriesKey = (try Int64.fetchOne(db, sql: "SELECT max(key) FROM series") ?? 0) + 1
        insertObservation = try db.makeStatement(sql: ImportTransaction.insertSQL(rows: 1))
        batchStatement = try db.makeStatement(sql: ImportTransaction.insertSQL(rows: ImportTransaction.batchSize))
        insertSource = try db.makeStatement(
            sql: """
                INSERT INTO source (dataset, id, url, title, publisher, published, retrieved, status, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        insertCluster = try db.makeStatement(
            sql: """
                INSERT INTO cluster (
                    dataset, id, name, district, city, country, active_start, active_start_precision,
                    active_end, active_end_precision, affiliation, catalyst, online_role,
                    source_dataset, source_id, notes, extra)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        insertTie = try db.makeStatement(sql: "INSERT INTO cluster_tie (dataset, cluster_id, tie) VALUES (?, ?, ?)")
        observationExistsStatement = try db.makeStatement(
            sql: "SELECT 1 FROM observation WHERE dataset = ? AND id = ?")
        for (key, series) in try FigureStore.allSeries(db) {
            _ = seriesKeys.key(
                side: series.side, scope: series.scope, subject: series.subject, measure: series.measure,
                unit: series.unit
            ) { key }
        }
    }

    func contentHash(ofDataset name: String) throws -> String? {
        try flush()
        return try String.fetchOne(db, sql: "SELECT content_hash FROM dataset WHERE name = ?", arguments: [name])
    }

    func beginDataset(_ dataset: DatasetRecord) throws {
        try flush()
        try FigureStore.deleteRows(db, ofDataset: dataset.name)
        try db.execute(
            sql: """
                INSERT INTO dataset (name, title, description, content_hash, personal_fields, descriptor)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                dataset.name, dataset.title, dataset.description, dataset.contentHash,
                dataset.personalFields.joined(separator: ","), dataset.descriptor,
            ])
    }

    func finishDataset(_ name: String, contentHash: String) throws {
        try flush()
        try db.execute(sql: "UPDATE dataset SET content_hash = ? WHERE name = ?", arguments: [contentHash, name])
    }

    func insert(_ source: Source) throws {
        try insertSource.execute(arguments: [
            source.reference.dataset, source.reference.id, source.url, source.title, source.publisher,
            source.published?.iso, source.retrieved?.iso, source.status.rawValue, source.notes,
        ])
    }

    func insert(_ cluster: Cluster) throws {
        do {
            try insertCluster.execute(arguments: [
                cluster.reference.dataset, cluster.reference.id, cluster.name, cluster.district, cluster.city,
                cluster.country, cluster.activeStart?.day.iso, cluster.activeStart?.precision.rawValue,
                cluster.activeEnd?.day.iso, cluster.activeEnd?.precision.rawValue,
                cluster.affiliation.rawValue, cluster.catalyst.rawValue, cluster.onlineRole.rawValue,
                cluster.source.dataset, cluster.source.id, cluster.notes, ExtraColumns.json(cluster.extra),
            ])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw DuplicateRow(reference: cluster.reference)
        }
        for tie in cluster.ties {
            try insertTie.execute(arguments: [cluster.reference.dataset, cluster.reference.id, tie.rawValue])
        }
    }

    /// Figures are written `batchSize` at a time with one multi-row INSERT:
    /// SQLite then opens its cursors and foreign-key look-ups once per batch
    /// instead of once per row. The batches are written on a second thread
    /// while the importer reads and checks the next rows, so the two halves of
    /// an import share the machine's cores. The writer thread only uses the
    /// SQLite C API on prepared statements, and every other sink call first
    /// waits until it is idle, so the connection is never used by two threads
    /// at once.
    static let batchSize = 64
    static let handOff = batchSize * 8
    private var pending: [Observation] = []
    /// The series key of each pending row.
    private var pendingSeries: [Int64] = []
    /// Series keys known to this transaction (read from table `series`, or
    /// numbered here), the next free key, and the keys numbered here whose
    /// `series` row the writer thread has yet to insert.
    private var seriesKeys = SeriesKeys()
    private var nextSeriesKey: Int64
    private var newSeries: [(key: Int64, columns: StoredSeries)] = []
    private let batchStatement: Statement
    private let writer = DispatchQueue(label: "signalgap.import.writer")
    private let inFlight = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var writerError: (any Error)?
    private var writerDuplicates: [(reference: Reference, line: Int?, column: Int?)] = []

    func insert(_ observation: Observation) throws {
        pending.append(observation)
        pendingSeries.append(seriesKey(of: observation))
        if pending.count == ImportTransaction.handOff {
            let work = takePending()
            // The parameters are gathered here, on the reading thread; the
            // writer thread only binds them and runs SQLite.
            let batches = stride(from: 0, to: work.rows.count, by: ImportTransaction.batchSize).map {
                let range = $0..<min($0 + ImportTransaction.batchSize, work.rows.count)
                return PreparedBatch(work.rows[range], series: work.series[range])
            }
            inFlight.wait()
            writer.async { [self] in
                defer { inFlight.signal() }
                write(work, prepared: batches)
            }
            try takeWriterResults()
        }
    }

    func flush() throws {
        if !pending.isEmpty {
            let work = takePending()
            writer.sync { write(work, prepared: []) }
        } else {
            writer.sync {}
        }
        try takeWriterResults()
    }

    /// The pending rows, their series keys and the series first numbered for them.
    private struct Work {
        var rows: [Observation]
        var series: [Int64]
        var newSeries: [(key: Int64, columns: StoredSeries)]
    }

    private func takePending() -> Work {
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingSeries.removeAll(keepingCapacity: true)
            newSeries.removeAll()
        }
        return Work(rows: pending, series: pendingSeries, newSeries: newSeries)
    }

    /// The key of the observation's series, numbering a series not seen before.
    private func seriesKey(of observation: Observation) -> Int64 {
        // The closure takes only what a new series needs (capturing the whole
        // observation would copy it for every row).
        let (side, scope, subject, measure, unit) = (
            observation.side, observation.scope, observation.subject, observation.measure, observation.unit
        )
        return seriesKeys.key(side: side, scope: scope, subject: subject, measure: measure, unit: unit) {
            let key = nextSeriesKey
            nextSeriesKey += 1
            newSeries.append(
                (key, StoredSeries(side: side, scope: scope, subject: subject, measure: measure, unit: unit)))
            return key
        }
    }

    /// Runs on the writer thread: the new series first, then the rows.
    /// `prepared` holds the full batches of the rows, in order.
    private func write(_ work: Work, prepared: [PreparedBatch]) {
        do {
            for (key, columns) in work.newSeries { try execute(insertSeries, key: key, columns) }
            let rows = work.rows
            var start = 0
            var batchNumber = 0
            while start < rows.count {
                let end = min(start + ImportTransaction.batchSize, rows.count)
                let batch = rows[start..<end]
                let series = work.series[start..<end]
                start = end
                if batch.count == ImportTransaction.batchSize {
                    let preparedBatch =
                        batchNumber < prepared.count ? prepared[batchNumber] : PreparedBatch(batch, series: series)
                    batchNumber += 1
                    if try execute(batchStatement, preparedBatch) { continue }
                }
                // A short batch, or a batch with a clash: row by row, to name each clash.
                for (observation, key) in zip(batch, series)
                where try !execute(insertObservation, PreparedBatch([observation][...], series: [key][...])) {
                    lock.withLock {
                        writerDuplicates.append((observation.reference, observation.line, observation.column))
                    }
                }
            }
        } catch {
            lock.withLock { if writerError == nil { writerError = error } }
        }
    }

    /// Inserts one `series` row with the C API (this runs on the writer thread).
    private func execute(_ statement: Statement, key: Int64, _ columns: StoredSeries) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, key)
        let texts = [
            columns.side.rawValue, columns.scope.rawValue, columns.subject, columns.measure, columns.unit.rawValue,
        ]
        for (index, text) in texts.enumerated() {
            // SQLITE_TRANSIENT: SQLite copies the text, which lives only for this call. With
            // its byte length, as the rows' text is bound, so that the two always agree.
            sqlite3_bind_text(
                handle, Int32(index + 2), text, Int32(text.utf8.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw StoreError.sqlite(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    private func takeWriterResults() throws {
        let (error, duplicates) = lock.withLock {
            defer {
                writerError = nil
                writerDuplicates.removeAll()
            }
            return (writerError, writerDuplicates)
        }
        if let error { throw error }
        if !duplicates.isEmpty { throw DuplicateRows(rows: duplicates) }
    }

    static let columnCount = 28

    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        return """
            INSERT INTO observation (
                dataset, id, side, scope, subject, cluster_dataset, cluster_id, measure, unit,
                window_start, start_precision, window_end, end_precision, start_day, end_day,
                kind, value, low, high, qualifier, source_dataset, source_id,
                supersedes_dataset, supersedes_id, notes, line, extra, series)
            VALUES
            """ + Array(repeating: row, count: rows).joined(separator: ",\n")
    }

    /// Binds and runs one INSERT; false when a row's id is taken (the
    /// statement then changed nothing). Runs on the writer thread.
    private func execute(_ statement: Statement, _ batch: PreparedBatch) throws -> Bool {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        let code = batch.bindAndStep(handle)
        guard code == SQLITE_DONE else {
            let extended = sqlite3_extended_errcode(sqlite3_db_handle(handle))
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            if extended == constraintPrimaryKey { return false }
            throw StoreError.sqlite(message)
        }
        return true
    }

    func sourceExists(_ reference: Reference) throws -> Bool {
        try flush()
        return try exists("source", reference)
    }

    func clusterExists(_ reference: Reference) throws -> Bool {
        try flush()
        return try exists("cluster", reference)
    }

    func observationExists(_ reference: Reference) throws -> Bool {
        try flush()
        return try Bool.fetchOne(observationExistsStatement, arguments: [reference.dataset, reference.id]) ?? false
    }

    func datasetsReferring(to dataset: String, excluding excluded: Set<String>) throws -> [String] {
        try flush()
        return try FigureStore.datasetsReferring(db, to: dataset, excluding: excluded)
    }

    private func exists(_ table: String, _ reference: Reference) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM \(table) WHERE dataset = ? AND id = ?",
            arguments: [reference.dataset, reference.id]) ?? false
    }
}

/// Series keys recognised by their columns' bytes: hashing the subject's and
/// measure's Strings cost the reading thread a fifth of a second per million rows.
struct SeriesKeys {
    private var keys = ByteKeyedCache<Int64>()
    private var columns: [UnsafeRawBufferPointer] = []

    /// The series' key, or `make()`'s for a series not seen before. The key's
    /// bytes: the subject, the measure, and the side, scope and unit as the
    /// bytes of the three cases in memory (equal cases, equal bytes).
    mutating func key(
        side: Side, scope: Scope, subject: String, measure: String, unit: SignalgapModel.Unit, make: () -> Int64
    ) -> Int64 {
        var subject = subject
        var measure = measure
        var codes = (side, scope, unit)
        columns.removeAll(keepingCapacity: true)
        return subject.withUTF8 { subject in
            measure.withUTF8 { measure in
                withUnsafeBytes(of: &codes) { codes in
                    columns.append(UnsafeRawBufferPointer(subject))
                    columns.append(UnsafeRawBufferPointer(measure))
                    columns.append(codes)
                    return keys.value(for: columns, make: make)
                }
            }
        }
    }
}

/// SQLITE_CONSTRAINT_PRIMARYKEY (the C macro is not imported into Swift).
private let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)

/// The parameters of one multi-row INSERT, gathered away from SQLite. Text
/// goes into one arena and is bound with SQLITE_STATIC just before the step,
/// instead of letting SQLite copy (malloc and free) each of a batch's ~1,700
/// strings.
struct PreparedBatch: Sendable {
    private var arena: [UInt8] = []
    /// Parameter index, offset into the arena, length.
    private var spans: [(Int32, Int, Int)] = []
    private var integers: [(Int32, Int64)] = []
    private var reals: [(Int32, Double)] = []
    private var nulls: [Int32] = []
    /// Parameter index of the current row's first column, minus one.
    private var offset: Int32 = 0

    /// `series` holds each row's series key.
    init(_ rows: ArraySlice<Observation>, series: ArraySlice<Int64>) {
        precondition(rows.count == series.count, "one series key per row")
        let parameters = rows.count * ImportTransaction.columnCount
        arena.reserveCapacity(rows.count * 160)
        spans.reserveCapacity(parameters)
        integers.reserveCapacity(rows.count * 4)
        nulls.reserveCapacity(rows.count * 8)
        for number in 0..<rows.count {
            offset = Int32(number * ImportTransaction.columnCount)
            bind(rows[rows.startIndex + number])
            // The series key is the last column of the INSERT.
            integer(Int32(ImportTransaction.columnCount), Int(series[series.startIndex + number]))
        }
    }

    private mutating func text(_ column: Int32, _ text: String) {
        let start = arena.count
        arena.append(contentsOf: text.utf8)
        spans.append((offset + column, start, arena.count - start))
    }

    /// `YYYY-MM-DD`, written straight into the arena.
    private mutating func day(_ column: Int32, _ day: Day) {
        let (year, month, dayOfMonth) = day.components
        let start = arena.count
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = value
            while divisor > 0 {
                arena.append(UInt8(ascii: "0") + UInt8(value / divisor))
                value %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        arena.append(UInt8(ascii: "-"))
        digits(month, 2)
        arena.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        spans.append((offset + column, start, 10))
    }

    /// A reference in two columns (dataset, then id), or two NULLs.
    private mutating func reference(_ column: Int32, _ reference: Reference?) {
        if let reference {
            text(column, reference.dataset)
            text(column + 1, reference.id)
        } else {
            null(column)
            null(column + 1)
        }
    }

    private mutating func null(_ column: Int32) {
        nulls.append(offset + column)
    }

    private mutating func integer(_ column: Int32, _ value: Int) {
        integers.append((offset + column, Int64(value)))
    }

    /// Whole amounts are stored as INTEGER, fractional ones (percentages) as REAL.
    private mutating func amount(_ column: Int32, _ amount: Amount?) {
        guard let amount else { return null(column) }
        if amount.isWhole {
            integers.append((offset + column, amount.units / Amount.scale))
        } else {
            reals.append((offset + column, amount.doubleValue))
        }
    }

    private mutating func bind(_ observation: Observation) {
        reference(1, observation.reference)
        text(3, observation.side.rawValue)
        text(4, observation.scope.rawValue)
        text(5, observation.subject)
        reference(
            6,
            observation.scope == .cluster
                ? Reference.parse(observation.subject, home: observation.reference.dataset) : nil)
        text(8, observation.measure)
        text(9, observation.unit.rawValue)
        if let start = observation.window.start {
            day(10, start.day)
            text(11, start.precision.rawValue)
            integer(14, start.day.ordinal)
        } else {
            null(10)
            null(11)
            null(14)
        }
        day(12, observation.window.end.day)
        text(13, observation.window.end.precision.rawValue)
        integer(15, observation.window.end.day.ordinal)
        text(16, observation.kind.rawValue)
        amount(17, observation.figure.value)
        amount(18, observation.figure.low)
        amount(19, observation.figure.high)
        text(20, observation.figure.qualifier.rawValue)
        reference(21, observation.source)
        reference(23, observation.supersedes)
        text(25, observation.notes)
        if let line = observation.line { integer(26, line) } else { null(26) }
        if let extra = ExtraColumns.json(observation.extra) { text(27, extra) } else { null(27) }
    }

    /// Binds every parameter (the text straight from the arena) and runs the statement.
    func bindAndStep(_ handle: OpaquePointer?) -> Int32 {
        for (index, value) in integers { sqlite3_bind_int64(handle, index, value) }
        for (index, value) in reals { sqlite3_bind_double(handle, index, value) }
        for index in nulls { sqlite3_bind_null(handle, index) }
        return arena.withUnsafeBufferPointer { buffer in
            // An empty arena still needs a valid pointer for empty strings.
            let empty: StaticString = ""
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(empty.utf8Start)
            for (index, start, count) in spans {
                // SQLITE_STATIC (a nil destructor): SQLite reads the bytes in place.
                _ = sqlite3_bind_text(
                    handle, index, (base + start).assumingMemoryBound(to: CChar.self), Int32(count), nil)
            }
            return sqlite3_step(handle)
        }
    }
}

/// Extra declared columns are kept as a JSON object of text values.
enum ExtraColumns {
    static func json(_ extra: [String: String]) -> String? {
        guard !extra.isEmpty else { return nil }
        let members = extra.keys.sorted().map { key in
            "\(JSONText.quoted(key)):\(JSONText.quoted(extra[key] ?? ""))"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

}
