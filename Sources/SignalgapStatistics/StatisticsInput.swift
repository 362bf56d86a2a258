import SignalgapModel

/// Everything the statistics read, in compact form: one ``FigureRow`` per
/// observation (online and offline, flows and stocks), the interned series
/// and sources they point to, the clusters, and which row supersedes which.
///
/// Cost: the rows live in memory, 48 bytes each plus a `Reference` (32 bytes,
/// usually without a heap allocation: ids of up to 15 bytes are stored inline).
public struct StatisticsInput: Sendable {
    public private(set) var rows: ContiguousArray<FigureRow>
    /// The reference of each row, by row index.
    public private(set) var references: ContiguousArray<Reference>
    /// Interned series: `FigureRow.series` indexes this.
    public private(set) var series: [SeriesKey]
    public private(set) var sources: [Source]
    public private(set) var clusters: [Cluster]
    /// Row index → the row that supersedes it (restates or corrects it).
    public private(set) var supersededBy: [Int32: Int32]
    /// `supersedes` references that name no observation of the input (kept, not an error here).
    public private(set) var unresolvedSupersedes: [Reference]
    /// Each row's notes, when they were read (the statistics never need them;
    /// reports and `trace` print them).
    public private(set) var notes: RowTexts

    /// From full model values (datasets, tests, `trace`).
    public init(observations: [Observation], clusters: [Cluster], sources: [Source]) {
        var builder = Builder(sources: sources, clusters: clusters, reservingCapacity: observations.count)
        for observation in observations { builder.append(observation) }
        self = builder.build()
    }

    fileprivate init(
        rows: ContiguousArray<FigureRow>, references: ContiguousArray<Reference>, series: [SeriesKey],
        sources: [Source], clusters: [Cluster], supersededBy: [Int32: Int32], unresolvedSupersedes: [Reference],
        notes: RowTexts
    ) {
        self.rows = rows
        self.references = references
        self.series = series
        self.sources = sources
        self.clusters = clusters
        self.supersededBy = supersededBy
        self.unresolvedSupersedes = unresolvedSupersedes
        self.notes = notes
    }

    public func seriesKey(ofRow row: Int) -> SeriesKey { series[Int(rows[row].series)] }

    /// The row's notes (empty when it has none, or when notes were not read).
    public func notes(ofRow row: Int) -> String { notes[row] }

    /// `body` given the row's notes as UTF-8 bytes, without making a string of them.
    public func withNotes<Result>(ofRow row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        notes.withBytes(ofRow: row, body)
    }

    /// The input with `notes` as its rows' notes (read after the rows, by row
    /// in the same order; the statistics computed without them are the same).
    public func withNotes(_ notes: RowTexts) -> StatisticsInput {
        var input = self
        input.notes = notes
        return input
    }

    /// The input with the text its datasets mark as personal data withheld:
    /// the figures' notes, the sources' and the clusters' text fields (see
    /// `Source.withholding` and `Cluster.withholding`). Nothing the statistics
    /// compute depends on those fields, so every metric is the same; only what
    /// is printed of them changes.
    public func withholding(_ personal: PersonalFields) -> StatisticsInput {
        guard !personal.isEmpty else { return self }
        var input = self
        input.sources = sources.map { $0.withholding(personal) }
        input.clusters = clusters.map { $0.withholding(personal) }
        if !notes.isEmpty {
            var kept = RowTexts()
            for row in rows.indices {
                let text = notes[row]
                guard !text.isEmpty else { continue }
                let resource = series[Int(rows[row].series)].side == .online ? "takedown_counts" : "offline_figures"
                let shown = personal.shown(text, dataset: references[row].dataset, resource: resource, field: "notes")
                kept.set(shown.utf8, forRow: row)
            }
            input.notes = kept
        }
        return input
    }

    /// The row's source, if it is among the input's sources.
    public func source(ofRow row: Int) -> Source? {
        let index = Int(rows[row].source)
        return sources.indices.contains(index) ? sources[index] : nil
    }

}

extension StatisticsInput {
    /// Builds an input row by row, for the store's hot path: intern each series
    /// and source once, then append raw ``FigureRow``s without building
    /// `Observation` values.
    ///
    /// ```swift
    /// var builder = StatisticsInput.Builder(sources: sources, clusters: clusters, reservingCapacity: n)
    /// let series = builder.seriesIndex(for: SeriesKey(side: .online, scope: .platform,
    ///     subject: "twitter", measure: "accounts_suspended", unit: .accounts))
    /// builder.append(FigureRow(series: series, start: …, end: …, …), reference: reference)
    /// let input = builder.build()
    /// ```
    public struct Builder: Sendable {
        private var rows: ContiguousArray<FigureRow> = []
        private var references: ContiguousArray<Reference> = []
        private var series: [SeriesKey] = []
        private var seriesIndexByKey: [SeriesKey: Int32] = [:]
        private let sources: [Source]
        private let sourceIndexByReference: [Reference: Int32]
        private let clusters: [Cluster]
        private var pendingSupersedes: [(row: Int32, target: Reference)] = []
        private var notes = RowTexts()

        public init(sources: [Source], clusters: [Cluster] = [], reservingCapacity capacity: Int = 0) {
            self.sources = sources
            self.clusters = clusters
            var byReference: [Reference: Int32] = [:]
            for (index, source) in sources.enumerated() where byReference[source.reference] == nil {
                byReference[source.reference] = Int32(index)
            }
            sourceIndexByReference = byReference
            rows.reserveCapacity(capacity)
            references.reserveCapacity(capacity)
        }

        /// The index of a series, interning it on first use.
        public mutating func seriesIndex(for key: SeriesKey) -> Int32 {
            if let index = seriesIndexByKey[key] { return index }
            let index = Int32(series.count)
            series.append(key)
            seriesIndexByKey[key] = index
            return index
        }

        /// The index of a source for `FigureRow.source`, or −1 when it is not among the sources.
        public func sourceIndex(of reference: Reference) -> Int32 {
            sourceIndexByReference[reference] ?? -1
        }

        /// Appends a row. `supersedes` names the observation this row restates or corrects.
        public mutating func append(
            _ row: FigureRow, reference: Reference, supersedes: Reference? = nil, notes: String = ""
        ) {
            if let supersedes { pendingSupersedes.append((Int32(rows.count), supersedes)) }
            self.notes.set(notes.utf8, forRow: rows.count)
            rows.append(row)
            references.append(reference)
        }

        public mutating func append(_ observation: Observation) {
            let row = FigureRow(
                series: seriesIndex(for: SeriesKey(observation)), window: observation.window,
                kind: observation.kind, figure: observation.figure, source: sourceIndex(of: observation.source))
            append(row, reference: observation.reference, supersedes: observation.supersedes, notes: observation.notes)
        }

        /// Takes rows read elsewhere as this builder's first rows, without
        /// copying them (the arrays are swapped in; they come back empty):
        /// `series` numbers their series, their sources are already numbered as
        /// `sourceIndex(of:)` numbers them, and `supersedes` lists, in row order,
        /// the rows that supersede another. The same as appending them one by
        /// one, provided that some row uses each entry of `series` (an unused
        /// one would be interned all the same).
        public mutating func adopt(
            rows: inout ContiguousArray<FigureRow>, references: inout ContiguousArray<Reference>,
            series: [SeriesKey], supersedes: [(row: Int, target: Reference)], notes: RowTexts
        ) {
            precondition(self.rows.isEmpty, "adopted rows come first")
            precondition(rows.count == references.count, "one reference per row")
            let seriesMap = series.map { seriesIndex(for: $0) }
            if seriesMap.indices.contains(where: { seriesMap[$0] != Int32($0) }) {
                for index in rows.indices { rows[index].series = seriesMap[Int(rows[index].series)] }
            }
            swap(&self.rows, &rows)
            swap(&self.references, &references)
            pendingSupersedes = supersedes.map { (Int32($0.row), $0.target) }
            self.notes = notes
        }

        /// Resolves `supersedes` references (one pass over the references, only
        /// when there are any) and returns the input.
        public func build() -> StatisticsInput {
            var supersededBy: [Int32: Int32] = [:]
            var unresolved: [Reference] = []
            if !pendingSupersedes.isEmpty {
                let targets = Set(pendingSupersedes.map(\.target))
                var rowByReference: [Reference: Int32] = [:]
                for (index, reference) in references.enumerated() where targets.contains(reference) {
                    if rowByReference[reference] == nil { rowByReference[reference] = Int32(index) }
                }
                for (row, target) in pendingSupersedes {
                    guard let targetRow = rowByReference[target], targetRow != row else {
                        unresolved.append(target)
                        continue
                    }
                    if supersededBy[targetRow] == nil { supersededBy[targetRow] = row }
                }
            }
            return StatisticsInput(
                rows: rows, references: references, series: series, sources: sources, clusters: clusters,
                supersededBy: supersededBy, unresolvedSupersedes: unresolved, notes: notes)
        }
    }
}
