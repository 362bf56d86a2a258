import Foundation
import GRDB
import GRDBSQLite
import SignalgapModel

/// One observation row as the store holds it, read column by column without
/// building an `Observation` (the statistics read a million of these).
public struct ObservationScan: ~Copyable {
    fileprivate let handle: OpaquePointer?
    fileprivate let codes: ScanCodes

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
        public static let dataset: Int32 = 0, id: Int32 = 1, side: Int32 = 2, scope: Int32 = 3, subject: Int32 = 4
        public static let measure: Int32 = 5, unit: Int32 = 6, sourceDataset: Int32 = 16, sourceID: Int32 = 17
        /// Only in a scan with `includesNotes`.
        public static let notes: Int32 = 20
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
    public var side: Side { codes.sides.code(bytes(2)) ?? .offline }
    public var scope: Scope { codes.scopes.code(bytes(3)) ?? .world }
    public var subject: String { text(4) ?? "" }
    public var measure: String { text(5) ?? "" }
    public var unit: SignalgapModel.Unit { codes.units.code(bytes(6)) ?? .people }

    public var window: Window {
        let end = WindowEnd(day(9), codes.precisions.code(bytes(10)) ?? .day)
        guard !isNull(7) else { return Window(start: nil, end: end) }
        return Window(start: WindowEnd(day(7), codes.precisions.code(bytes(8)) ?? .day), end: end)
    }

    public var kind: FigureKind { codes.kinds.code(bytes(11)) ?? .flow }

    public var figure: Figure {
        Figure(
            value: amount(12), low: amount(13), high: amount(14), qualifier: codes.qualifiers.code(bytes(15)) ?? .exact)
    }

    public var source: Reference { Reference(dataset: text(16) ?? "", id: text(17) ?? "") }

    public var supersedes: Reference? {
        guard !isNull(19), let dataset = text(18), let id = text(19) else { return nil }
        return Reference(dataset: dataset, id: id)
    }

}

/// Recognises a code from its UTF-8 bytes. Codes are few and short and most
/// differ in length, so the candidates of the same length are compared in turn:
/// cheaper than hashing the bytes.
struct CodeTable<C: Code> {
    private let entries: [(bytes: [UInt8], code: C)]

    init() {
        entries = C.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    func code(_ bytes: UnsafeRawBufferPointer) -> C? {
        guard let base = bytes.baseAddress else { return nil }
        for entry in entries where entry.bytes.count == bytes.count {
            let equal = entry.bytes.withUnsafeBytes { stored in
                stored.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
            }
            if equal { return entry.code }
        }
        return nil
    }
}

/// The code tables of one scan, built once per scan.
final class ScanCodes: Sendable {
    let sides = CodeTable<Side>()
    let scopes = CodeTable<Scope>()
    let units = CodeTable<SignalgapModel.Unit>()
    let precisions = CodeTable<DatePrecision>()
    let kinds = CodeTable<FigureKind>()
    let qualifiers = CodeTable<Qualifier>()
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
            SELECT dataset, id, side, scope, subject, measure, unit, start_day, start_precision, end_day,
                end_precision, kind, value, low, high, qualifier, source_dataset, source_id,
                supersedes_dataset, supersedes_id\(includesNotes ? ", notes" : "")
            FROM observation \(filter) ORDER BY rowid
            """
        let codes = ScanCodes()
        try stepRows(sql, arguments) { handle in try body(ObservationScan(handle: handle, codes: codes)) }
    }

    /// Runs a query in a read transaction, calling `body` with the statement on each row.
    private func stepRows(
        _ sql: String, _ arguments: StatementArguments, _ body: (OpaquePointer?) throws -> Void
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
                    try body(handle)
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
        ) { handle in
            // The pointer first, then its length, as SQLite asks.
            let pointer = sqlite3_column_blob(handle, 0)
            body(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, 0))))
        }
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
