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

/// Precedence keys of the rows of one input, compared without allocating.
struct PrecedenceOrder {
    let input: StatisticsInput

    /// Whether `lhs` ranks before `rhs`, and the step that decided it.
    func compare(_ lhs: Int, _ rhs: Int) -> (lhsFirst: Bool, step: PrecedenceStep) {
        let lhsVerified = input.isVerified(row: lhs), rhsVerified = input.isVerified(row: rhs)
        if lhsVerified != rhsVerified { return (lhsVerified, .verifiedSource) }
        let lhsRow = input.rows[lhs], rhsRow = input.rows[rhs]
        let lhsDays = lhsRow.dayCount ?? Int.max, rhsDays = rhsRow.dayCount ?? Int.max
        if lhsDays != rhsDays { return (lhsDays < rhsDays, .finerWindow) }
        let lhsPublished = input.publicationOrdinal(row: lhs), rhsPublished = input.publicationOrdinal(row: rhs)
        if lhsPublished != rhsPublished { return (lhsPublished > rhsPublished, .laterPublication) }
        if lhsRow.end != rhsRow.end { return (lhsRow.end > rhsRow.end, .laterEnd) }
        let lhsReference = input.references[lhs], rhsReference = input.references[rhs]
        if lhsReference.dataset != rhsReference.dataset {
            return (lhsReference.dataset < rhsReference.dataset, .identifier)
        }
        if lhsReference.id != rhsReference.id { return (lhsReference.id < rhsReference.id, .identifier) }
        return (lhs < rhs, .identifier)
    }

    func ranksBefore(_ lhs: Int, _ rhs: Int) -> Bool { compare(lhs, rhs).lhsFirst }
}
