import SignalgapModel

/// What can go wrong when asking for a statistic.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--from` after `--to`.
    case emptyQuarterRange(from: Quarter, to: Quarter)
    /// A measure outside the codebook.
    case unknownMeasure(String)
    /// No figure of that subject and measure (any quarter).
    case noFigures(subject: String, measure: String)

    public var description: String {
        switch self {
        case .emptyQuarterRange(let from, let to): "quarter range \(from)–\(to) is empty: \(from) is after \(to)"
        case .unknownMeasure(let measure): "measure \"\(measure)\" is not in the codebook"
        case .noFigures(let subject, let measure): "no figures for subject \"\(subject)\" and measure \"\(measure)\""
        }
    }

    /// Where the fix is known.
    public var hint: String? {
        switch self {
        case .emptyQuarterRange: "swap --from and --to"
        case .unknownMeasure:
            "measures are: " + Codebook.measures.map(\.name).joined(separator: ", ")
        case .noFigures:
            "a subject is a platform (twitter), a country code (BE), world, a cluster (DATASET:ID or ID), "
                + "or a scope (clusters, countries) for an offline total"
        }
    }
}

/// Quarter ranges as the command line gives them.
public enum QuarterRange {
    /// `--quarter Q` or `--from Q --to Q` (either end may be left open: nil means
    /// from the first or to the last quarter with data, returned as nil when both are).
    public static func make(
        quarter: Quarter? = nil, from: Quarter? = nil, to: Quarter? = nil
    ) throws(StatisticsError) -> ClosedRange<Quarter>? {
        if let quarter { return quarter...quarter }
        switch (from, to) {
        case (nil, nil): return nil
        case (let from?, let to?):
            guard from <= to else { throw .emptyQuarterRange(from: from, to: to) }
            return from...to
        case (let from?, nil): return from...Quarter(index: 9999 * 4 + 3)
        case (nil, let to?): return Quarter(index: 4)...to
        }
    }
}
