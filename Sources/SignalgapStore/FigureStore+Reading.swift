import Foundation
import GRDB
import GRDBSQLite
import SignalgapModel

/// One observation row as the store holds it, read column by column without
/// building an `Observation` (the statistics read a million of these).
public struct ObservationScan: ~Copyable {
    fileprivate let handle: OpaquePointer?
    fileprivate let context: ScanContext

    /// The column's value. Each `sqlite3_column_*` call looks the column up
    /// and checks for a failed allocation; reading the value once and then its
    /// type, text and length with `sqlite3_value_*` does that once per column
    /// instead of twice. SQLite calls such a value "unprotected", which matters
    /// only in its serialized threading mode: GRDB opens connections in
    /// multi-thread mode, where protected and unprotected values behave the
    /// same, and its queue lets one thread at a time use a connection.
    private func value(_ column: Int32) -> OpaquePointer? { sqlite3_column_value(handle, column) }

    fileprivate func text(_ column: Int32) -> String? {
        let value = value(column)
        guard sqlite3_value_type(value) != SQLITE_NULL, let pointer = sqlite3_value_text(value) else {
            return nil
        }
        let count = Int(sqlite3_value_bytes(value))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's UTF-8 bytes (empty for NULL), valid until the next row.
    public func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let value = value(column)
        guard let pointer = sqlite3_value_text(value) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(value)))
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_value_type(value(column)) == SQLITE_NULL }

    private func day(_ column: Int32) -> Day { Day(ordinal: Int(sqlite3_value_int64(value(column)))) }

    /// Column numbers of the scan, for byte-level readers.
    public enum Column {
        public static let dataset: Int32 = 0, id: Int32 = 1, sourceDataset: Int32 = 9, sourceID: Int32 = 10
        /// Only in a scan with `includesNotes`.
        public static let notes: Int32 = 13
    }

    fileprivate func amount(_ column: Int32) -> Amount? {
        let value = value(column)
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return Amount(units: sqlite3_value_int64(value) * Amount.scale)
        case SQLITE_FLOAT: return Amount(units: Int64((sqlite3_value_double(value) * Double(Amount.scale)).rounded()))
        default: return nil
        }
    }

    public var reference: Reference { Reference(dataset: text(0) ?? "", id: text(1) ?? "") }
    /// The key of the row's series in table `series`.
    public var seriesKey: Int64 { sqlite3_value_int64(value(2)) }

    /// The row's series, from table `series` as the scan's transaction sees
    /// it (nil only in a store whose foreign keys were broken behind its back).
    public var series: StoredSeries? { context.series[seriesKey] }

    /// The row's kind, qualifier and precisions (nil only if the stored number
    /// names a code this build does not know).
    public var codes: FigureCodes? { FigureCodes(sqlite3_value_int64(value(3))) }

    public func window(_ codes: FigureCodes) -> Window {
        let end = WindowEnd(day(5), codes.endPrecision)
        guard let start = codes.startPrecision else { return Window(start: nil, end: end) }
        return Window(start: WindowEnd(day(4), start), end: end)
    }

    public func figure(_ codes: FigureCodes) -> Figure {
        Figure(value: amount(6), low: amount(7), high: amount(8), qualifier: codes.qualifier)
    }

    public var source: Reference { Reference(dataset: text(9) ?? "", id: text(10) ?? "") }

    public var supersedes: Reference? {
        guard !isNull(12), let dataset = text(11), let id = text(12) else { return nil }
        return Reference(dataset: dataset, id: id)
    }

}

/// A row of table `series`: what a figure is about.
public struct StoredSeries: Sendable, Hashable {
    public var side: Side
    public var scope: Scope
    public var subject: String
    public var measure: String
    public var unit: SignalgapModel.Unit
}

/// What every row of one scan shares: the series table as its transaction sees it.
final class ScanContext: Sendable {
    let series: [Int64: StoredSeries]
    init(series: [Int64: StoredSeries]) { self.series = series }
}

extension FigureStore {
    /// Calls `body` for every observation in table order (stable for a given
    /// store), optionally only those whose SQLite row id is in `rowids` (for
    /// reading the table in parts). Notes are read only when `includesNotes`
    /// (they are the widest column, and only reports print them).
    public func scanObservations(
        rowids: ClosedRange<Int64>? = nil, includesNotes: Bool = false,
        _ body: (borrowing ObservationScan) throws -> Void
    ) throws {
        let filter = rowids == nil ? "" : "WHERE rowid BETWEEN ? AND ?"
        let arguments: StatementArguments = rowids.map { [$0.lowerBound, $0.upperBound] } ?? []
        let sql = """
            SELECT dataset, id, series, codes, start_day, end_day, value, low, high, source_dataset, source_id,
                supersedes_dataset, supersedes_id\(includesNotes ? ", notes" : "")
            FROM observation \(filter) ORDER BY rowid
            """
        // The series table is read in the scan's own transaction, so that every
        // key the scan meets is in it.
        var context: ScanContext?
        try stepRows(sql, arguments) { db, handle in
            if context == nil { context = ScanContext(series: try FigureStore.allSeries(db)) }
            try body(ObservationScan(handle: handle, context: context!))
        }
    }

    /// Runs a query in a read transaction, calling `body` with the statement on each row.
    private func stepRows(
        _ sql: String, _ arguments: StatementArguments, _ body: (Database, OpaquePointer?) throws -> Void
    ) throws {
        try run {
            try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                try statement.setArguments(arguments)
                let handle = statement.sqliteStatement
                sqlite3_reset(handle)
                while true {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else {
                        throw StoreError.sqlite(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
                    }
                    try body(db, handle)
                }
            }
        }
    }

    /// Calls `body` with the notes of every observation whose row id is in
    /// `rowids`, in the order of `scanObservations` (row id order), so that the
    /// n-th call belongs to the n-th observation that scan gave. The bytes are
    /// valid only during the call.
    public func scanNotes(rowids: ClosedRange<Int64>, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        try stepRows(
            "SELECT notes FROM observation WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
            [rowids.lowerBound, rowids.upperBound]
        ) { _, handle in
            // The pointer first, then its length, as SQLite asks.
            let pointer = sqlite3_column_blob(handle, 0)
            body(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, 0))))
        }
    }

    /// Every series in table `series`, by key: what `ObservationScan.seriesKey`
    /// stands for. A row whose codes this build does not know is left out (no
    /// figure can have it as its series).
    public func allSeries() throws -> [Int64: StoredSeries] {
        try run { try queue.read { db in try FigureStore.allSeries(db) } }
    }

    static func allSeries(_ db: Database) throws -> [Int64: StoredSeries] {
        var series: [Int64: StoredSeries] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, side, scope, subject, measure, unit FROM series")
        while let row = try rows.next() {
            guard let side = Side(rawValue: row[1]), let scope = Scope(rawValue: row[2]),
                let unit = SignalgapModel.Unit(rawValue: row[5])
            else { continue }
            series[row[0]] = StoredSeries(side: side, scope: scope, subject: row[3], measure: row[4], unit: unit)
        }
        return series
    }

    /// SQLite's `data_version` on this connection: it changes when another
    /// connection commits a change. Two equal readings bracket reads (on any
    /// connection) that all saw the same store. It may also change with no
    /// change to the data (another connection's checkpoint that restarts the
    /// log, or a large transaction rolled back), so a difference means "read
    /// again", not "the data differs".
    public func dataVersion() throws -> Int {
        try run { try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    /// The lowest and highest row ids of the observations (nil when there are none).
    /// Each is its own subquery: SQLite finds a lone `min(rowid)` or `max(rowid)`
    /// at one end of the table, but reads every row of an index for the pair
    /// in one query (a tenth of a second on a million rows).
    public func observationRowids() throws -> ClosedRange<Int64>? {
        try run {
            try queue.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT (SELECT min(rowid) FROM observation), (SELECT max(rowid) FROM observation)"),
                    let low: Int64 = row[0], let high: Int64 = row[1]
                else { return nil }
                return low...high
            }
        }
    }

    public func observationCount() throws -> Int {
        try run { try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM observation") ?? 0 } }
    }

    /// Every source, ordered by dataset and id.
    public func allSources() throws -> [Source] {
        try run {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT dataset, id, url, title, publisher, published, retrieved, status, notes
                        FROM source ORDER BY dataset, id
                        """
                ).map { row in
                    Source(
                        reference: Reference(dataset: row[0], id: row[1]), url: row[2], title: row[3],
                        publisher: row[4],
                        published: (row[5] as String?).flatMap { Day(iso: $0) },
                        retrieved: (row[6] as String?).flatMap { Day(iso: $0) },
                        status: SourceStatus(rawValue: row[7]) ?? .secondary, notes: row[8])
                }
            }
        }
    }

    /// Every cluster with its ties, ordered by dataset and id.
    public func allClusters() throws -> [Cluster] {
        try run {
            try queue.read { db in
                let ties = try Row.fetchAll(
                    db, sql: "SELECT dataset, cluster_id, tie FROM cluster_tie ORDER BY dataset, cluster_id, tie")
                var tiesByCluster: [Reference: [Tie]] = [:]
                for row in ties {
                    if let tie = Tie(rawValue: row[2]) {
                        tiesByCluster[Reference(dataset: row[0], id: row[1]), default: []].append(tie)
                    }
                }
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT dataset, id, name, district, city, country, active_start, active_start_precision,
                            active_end, active_end_precision, affiliation, catalyst, online_role,
                            source_dataset, source_id, notes
                        FROM cluster ORDER BY dataset, id
                        """
                ).map { row in
                    let reference = Reference(dataset: row[0], id: row[1])
                    func end(_ date: Int, _ precision: Int) -> WindowEnd? {
                        guard let day = (row[date] as String?).flatMap({ Day(iso: $0) }),
                            let precision = (row[precision] as String?).flatMap(DatePrecision.init(rawValue:))
                        else { return nil }
                        return WindowEnd(day, precision)
                    }
                    return Cluster(
                        reference: reference, name: row[2], district: row[3], city: row[4], country: row[5],
                        activeStart: end(6, 7), activeEnd: end(8, 9),
                        affiliation: Affiliation(rawValue: row[10]) ?? .unknown,
                        ties: (tiesByCluster[reference] ?? []).sorted(),
                        catalyst: Catalyst(rawValue: row[11]) ?? .unknown,
                        onlineRole: OnlineRole(rawValue: row[12]) ?? .unknown,
                        source: Reference(dataset: row[13], id: row[14]), notes: row[15])
                }
            }
        }
    }

    /// Every dataset's name, title and content hash, ordered by name.
    public func datasetRecords() throws -> [DatasetRecord] {
        try run {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT name, title, description, content_hash, descriptor, personal_fields FROM dataset ORDER BY name
                        """
                ).map { row in
                    let personal: String = row[5]
                    return DatasetRecord(
                        name: row[0], title: row[1], description: row[2], contentHash: row[3], descriptor: row[4],
                        personalFields: personal.isEmpty ? [] : personal.split(separator: ",").map(String.init))
                }
            }
        }
    }
}
