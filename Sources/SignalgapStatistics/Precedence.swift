import SignalgapModel

/// The documented, deterministic rule that decides which of two overlapping
/// flows is counted (after `supersedes`, which always decides first).
///
/// Two flows compete when they have the same subject, measure and unit and
/// their inclusive windows share at least one day. They are compared step by
/// step; the first step that tells them apart decides:
///
/// 1. **verified source** before a secondary one (an unknown source counts as secondary);
/// 2. **finer window**: the shorter window (fewer days) first — it says more
///    precisely when things happened and needs less apportionment;
/// 3. **later publication** of the source first (a source with no
///    publication date comes last) — later disclosures restate earlier ones;
/// 4. **later end** of the window first;
/// 5. **identifier**: the smaller reference first (dataset name, then id, compared as text).
///
/// Flows are then taken in that order; a flow is counted unless its window
/// shares a day with a flow already counted, in which case it is set aside
/// and every counted flow it overlaps is named as a winner.
public enum PrecedenceStep: String, Hashable, Sendable, CaseIterable {
    case verifiedSource = "verified_source"
    case finerWindow = "finer_window"
    case laterPublication = "later_publication"
    case laterEnd = "later_end"
    case identifier

    /// Words for reports: "the winner's source is verified".
    public var explanation: String {
        switch self {
        case .verifiedSource: "its source is verified, the set-aside figure's is secondary"
        case .finerWindow: "its window is shorter"
        case .laterPublication: "its source was published later"
        case .laterEnd: "its window ends later"
        case .identifier: "everything else being equal, its identifier sorts first"
        }
    }

    /// The rule as one paragraph, for reports.
    public static let rule =
        "supersedes first; then verified before secondary sources, the finer (shorter) window, "
        + "the later source publication, the later window end, and the smaller identifier"
}

/// Precedence keys of the rows of one input, compared without allocating:
/// source status and publication are looked up in small per-source tables.
struct PrecedenceOrder: Sendable {
    let rows: ContiguousArray<FigureRow>
    let references: ContiguousArray<Reference>
    /// Per source index: verified or not (an unknown source, index −1, is secondary).
    let isSourceVerified: [Bool]
    /// Per source index: publication day ordinal, `Int32.min` when unknown.
    let sourcePublished: [Int32]

    init(input: StatisticsInput) {
        rows = input.rows
        references = input.references
        isSourceVerified = input.sources.map { $0.status == .verified }
        sourcePublished = input.sources.map { source in
            source.published.map { Int32(clamping: $0.ordinal) } ?? Int32.min
        }
    }

    @inline(__always)
    func isVerified(source: Int32) -> Bool {
        let source = Int(source)
        return source >= 0 && source < isSourceVerified.count && isSourceVerified[source]
    }

    @inline(__always)
    func published(source: Int32) -> Int32 {
        let source = Int(source)
        return source >= 0 && source < sourcePublished.count ? sourcePublished[source] : Int32.min
    }

    /// Whether `lhs` ranks before `rhs`, and the step that decided it.
    func compare(_ lhs: Int, _ rhs: Int) -> (lhsFirst: Bool, step: PrecedenceStep) {
        let lhsRow = rows[lhs]
        let rhsRow = rows[rhs]
        let lhsVerified = isVerified(source: lhsRow.source)
        let rhsVerified = isVerified(source: rhsRow.source)
        if lhsVerified != rhsVerified { return (lhsVerified, .verifiedSource) }
        let lhsDays = lhsRow.dayCount ?? Int.max
        let rhsDays = rhsRow.dayCount ?? Int.max
        if lhsDays != rhsDays { return (lhsDays < rhsDays, .finerWindow) }
        let lhsPublished = published(source: lhsRow.source)
        let rhsPublished = published(source: rhsRow.source)
        if lhsPublished != rhsPublished { return (lhsPublished > rhsPublished, .laterPublication) }
        if lhsRow.end != rhsRow.end { return (lhsRow.end > rhsRow.end, .laterEnd) }
        let lhsReference = references[lhs]
        let rhsReference = references[rhs]
        if lhsReference.dataset != rhsReference.dataset {
            return (lhsReference.dataset < rhsReference.dataset, .identifier)
        }
        if lhsReference.id != rhsReference.id { return (lhsReference.id < rhsReference.id, .identifier) }
        return (lhs < rhs, .identifier)
    }

    func ranksBefore(_ lhs: Int, _ rhs: Int) -> Bool { compare(lhs, rhs).lhsFirst }

    /// The step that ranks `winner` before `loser`, from their windows and sources
    /// (reads the rows only when steps 1–4 tie).
    func decidingStep(winner: RowOrder.WindowRecord, loser: RowOrder.WindowRecord) -> PrecedenceStep {
        if isVerified(source: winner.source) != isVerified(source: loser.source) { return .verifiedSource }
        if winner.end - winner.start != loser.end - loser.start { return .finerWindow }
        if published(source: winner.source) != published(source: loser.source) { return .laterPublication }
        if winner.end != loser.end { return .laterEnd }
        return compare(Int(winner.row), Int(loser.row)).step
    }

    /// Sorts rows by precedence. Steps 1–4 are packed into one integer key
    /// per row together with the row index (status, days, publication and end
    /// are small integers relative to their minimum), sorted by radix for
    /// long lists; rows whose steps 1–4 all tie (rare: the same window and
    /// publication) are then ordered by identifier. Falls back to a
    /// comparison sort when the key does not fit in 64 bits.
    func sort(_ records: inout [RowOrder.WindowRecord]) {
        guard records.count > 1 else { return }
        if records.count == 2 {
            if !ranksBefore(Int(records[0].row), Int(records[1].row)) { records.swapAt(0, 1) }
            return
        }
        var minDays = Int64.max
        var maxDays = Int64.min
        var minPublished = Int64.max
        var maxPublished = Int64.min
        var minEnd = Int64.max
        var maxEnd = Int64.min
        for record in records {
            let days = Int64(record.end) - Int64(record.start) + 1
            let published = Int64(published(source: record.source))
            minDays = min(minDays, days)
            maxDays = max(maxDays, days)
            minPublished = min(minPublished, published)
            maxPublished = max(maxPublished, published)
            minEnd = min(minEnd, Int64(record.end))
            maxEnd = max(maxEnd, Int64(record.end))
        }
        let dayBits = RowOrder.bitWidth(UInt64(maxDays - minDays))
        let publishedBits = RowOrder.bitWidth(UInt64(maxPublished - minPublished))
        let endBits = RowOrder.bitWidth(UInt64(maxEnd - minEnd))
        let positionBits = RowOrder.bitWidth(UInt64(records.count))
        guard 1 + dayBits + publishedBits + endBits + positionBits <= 64 else {
            records.sort { ranksBefore(Int($0.row), Int($1.row)) }
            return
        }
        var keys = records.indices.map { position -> UInt64 in
            let record = records[position]
            var key: UInt64 = isVerified(source: record.source) ? 0 : 1
            key = key << UInt64(dayBits) | UInt64(Int64(record.end) - Int64(record.start) + 1 - minDays)
            // Later publication and later end first: count down from the maximum.
            key = key << UInt64(publishedBits) | UInt64(maxPublished - Int64(published(source: record.source)))
            key = key << UInt64(endBits) | UInt64(maxEnd - Int64(record.end))
            return key << UInt64(positionBits) | UInt64(position)
        }
        if keys.count < 512 {
            keys.sort()
            let positionMask: UInt64 = (1 << UInt64(positionBits)) - 1
            let original = records
            for index in keys.indices { records[index] = original[Int(keys[index] & positionMask)] }
        } else {
            RowOrder.radixSort(keys: &keys, values: &records)
        }
        // Steps 1–4 tied (the same window and publication): the identifier decides.
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count, keys[end] >> UInt64(positionBits) == keys[start] >> UInt64(positionBits) {
                end += 1
            }
            if end - start > 1 { records[start..<end].sort { ranksBefore(Int($0.row), Int($1.row)) } }
            start = end
        }
    }
}
