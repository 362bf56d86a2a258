import SignalgapModel

/// One observation as reports cite it: what it says, for which window, and where it comes from.
public struct CitedFigure: Hashable, Sendable {
    public var reference: Reference
    public var side: Side
    public var scope: Scope
    public var subject: String
    public var measure: String
    public var unit: Unit
    public var kind: FigureKind
    public var window: Window
    /// The figure as stated (counts with a floor of 0).
    public var estimate: Estimate
    public var sourceReference: Reference?
    /// The source's record, when it is among the input's sources.
    public var source: Source?
    /// The figure's notes as the dataset gives them (empty when none were read).
    public var notes: String
    /// The figure's row in the input it was cited from.
    public var row: Int

    public init(row: Int, in input: StatisticsInput) {
        self.row = row
        let figureRow = input.rows[row]
        let key = input.seriesKey(ofRow: row)
        reference = input.references[row]
        side = key.side
        scope = key.scope
        subject = key.subject
        measure = key.measure
        unit = key.unit
        kind = figureRow.kind
        window = figureRow.window
        estimate = figureRow.estimate(unit: key.unit)
        source = input.source(ofRow: row)
        sourceReference = source?.reference
        notes = input.notes(ofRow: row)
    }
}

/// A figure that is not counted, the figures that were counted instead, and why.
public struct SetAsideFigure: Hashable, Sendable {
    public var figure: CitedFigure
    public var reason: SetAsideReason
    /// The figures that won (the superseding figure, the duplicate counted, the overlapping flows
    /// counted; at most eight, the earliest windows first).
    public var winners: [CitedFigure]
    /// How many figures won: for an overlap, every counted flow sharing a day with this one.
    public var winnerCount: Int

    /// One sentence: "overlaps ds:b (2016-07-01 – 2016-12-31), which ranks first: its window is shorter".
    public var explanation: String {
        var names = winners.map { "\($0.reference) (\($0.window))" }.joined(separator: ", ")
        if winnerCount > winners.count { names += " and \(winnerCount - winners.count) more" }
        switch reason {
        case .superseded: return "superseded by \(names)"
        case .duplicate: return "the same figure for the same window as \(names), which is counted"
        case .overlap(_, let step):
            let verb = winnerCount == 1 ? "ranks" : "rank"
            return "overlaps \(names), which \(verb) first: \(step.explanation)"
        }
    }

    init(row: Int, reason: SetAsideReason, winnerCount: Int, input: StatisticsInput) {
        figure = CitedFigure(row: row, in: input)
        self.reason = reason
        winners = reason.winners.map { CitedFigure(row: $0, in: input) }
        self.winnerCount = max(winnerCount, winners.count)
    }
}
