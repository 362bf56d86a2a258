/// Where an importer sends the rows it has validated. The store implements
/// it inside one transaction; a dry run (`signalgap validate`) implements it
/// inside a transaction it rolls back.
public protocol DatasetSink {
    /// The stored content hash of a dataset, or nil when the store does not hold it.
    func contentHash(ofDataset name: String) throws -> String?

    /// Removes the dataset's old rows (if any) and records the new dataset.
    func beginDataset(_ dataset: DatasetRecord) throws
    /// Records the content hash once every row of the dataset is in.
    func finishDataset(_ name: String, contentHash: String) throws
    func insert(_ source: Source) throws
    func insert(_ cluster: Cluster) throws
    /// The hot path: called once per takedown count and offline figure. The
    /// sink may hold rows back and write them in batches, so `DuplicateRows`
    /// (ids already taken in the dataset) may name rows passed in earlier.
    func insert(_ observation: Observation) throws
    /// Writes any rows held back; throws `DuplicateRows` for those that clash.
    func flush() throws

    /// Whether a row exists, in the store or earlier in this import.
    func sourceExists(_ reference: Reference) throws -> Bool
    func clusterExists(_ reference: Reference) throws -> Bool
    func observationExists(_ reference: Reference) throws -> Bool
    /// Datasets other than `excluded` with rows referring to `dataset`'s rows.
    func datasetsReferring(to dataset: String, excluding excluded: Set<String>) throws -> [String]
}

/// Thrown by a sink when a row's id is already taken in its dataset.
public struct DuplicateRow: Error, Equatable, Sendable {
    public var reference: Reference
    public init(reference: Reference) { self.reference = reference }
}

/// Thrown by a batching sink: the figures whose ids were already taken,
/// with the line and column of each one's id in its file.
public struct DuplicateRows: Error, Equatable, Sendable {
    public var rows: [(reference: Reference, line: Int?, column: Int?)]

    public init(rows: [(reference: Reference, line: Int?, column: Int?)]) {
        self.rows = rows
    }

    public static func == (lhs: DuplicateRows, rhs: DuplicateRows) -> Bool {
        lhs.rows.map(\.reference) == rhs.rows.map(\.reference)
            && lhs.rows.map(\.line) == rhs.rows.map(\.line) && lhs.rows.map(\.column) == rhs.rows.map(\.column)
    }
}
