import SignalgapModel

/// What a run of figures is about: the key under which overlapping flows
/// compete (no double counting happens per series) and disagreements are found.
public struct SeriesKey: Hashable, Sendable, Comparable {
    public var side: Side
    public var scope: Scope
    /// A platform code, a cluster reference (`DATASET:ID`), an ISO country code, or `world`.
    public var subject: String
    public var measure: String
    public var unit: Unit

    public init(side: Side, scope: Scope, subject: String, measure: String, unit: Unit) {
        self.side = side
        self.scope = scope
        self.subject = subject
        self.measure = measure
        self.unit = unit
    }

    public init(_ observation: Observation) {
        self.init(
            side: observation.side, scope: observation.scope, subject: observation.subject,
            measure: observation.measure, unit: observation.unit)
    }

    /// Online before offline, then scope, subject, measure and unit.
    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.side == .online ? 0 : 1, lhs.scope.rawValue, lhs.subject, lhs.measure, lhs.unit.rawValue)
            < (rhs.side == .online ? 0 : 1, rhs.scope.rawValue, rhs.subject, rhs.measure, rhs.unit.rawValue)
    }
}

/// One observation in compact form: integer day ordinals, amounts in
/// ten-thousandths, an interned series and source. 48 bytes, no references
/// to the heap, so a million of them are one contiguous allocation. The
/// store can fill these straight from its columns (see ``StatisticsInput/Builder``);
/// ``StatisticsInput/init(observations:clusters:sources:)`` builds them from `Observation`s.
public struct FigureRow: Hashable, Sendable {
    /// Index into ``StatisticsInput/series``.
    public var series: Int32
    /// Day ordinal of the window's start (days since 1970-01-01); meaningful only with `.hasStart`.
    public var start: Int32
    /// Day ordinal of the window's end (inclusive).
    public var end: Int32
    /// Index into ``StatisticsInput/sources``; −1 when the source is not among them.
    public var source: Int32
    /// `Figure.lowerBound` in ten-thousandths; meaningful only with `.hasLow`.
    public var low: Int64
    /// `Figure.value` in ten-thousandths; meaningful only with `.hasValue`.
    public var value: Int64
    /// `Figure.upperBound` in ten-thousandths; meaningful only with `.hasHigh` (else open-ended).
    public var high: Int64
    public var qualifier: Qualifier
    public var startPrecision: DatePrecision
    public var endPrecision: DatePrecision
    public var flags: Flags

    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let hasStart = Flags(rawValue: 1)
        public static let hasLow = Flags(rawValue: 2)
        public static let hasValue = Flags(rawValue: 4)
        public static let hasHigh = Flags(rawValue: 8)
        public static let isStock = Flags(rawValue: 16)
    }

    /// The raw form, for a store that reads columns straight into rows.
    public init(
        series: Int32, start: Int32, end: Int32, source: Int32, low: Int64, value: Int64, high: Int64,
        qualifier: Qualifier, startPrecision: DatePrecision, endPrecision: DatePrecision, flags: Flags
    ) {
        self.series = series
        self.start = start
        self.end = end
        self.source = source
        self.low = low
        self.value = value
        self.high = high
        self.qualifier = qualifier
        self.startPrecision = startPrecision
        self.endPrecision = endPrecision
        self.flags = flags
    }

    /// From model values. The figure's bounds are stored as `lowerBound` / `upperBound`.
    public init(series: Int32, window: Window, kind: FigureKind, figure: Figure, source: Int32) {
        var flags: Flags = kind == .stock ? [.isStock] : []
        if window.start != nil { flags.insert(.hasStart) }
        let low = figure.lowerBound
        let value = figure.value
        let high = figure.upperBound
        if low != nil { flags.insert(.hasLow) }
        if value != nil { flags.insert(.hasValue) }
        if high != nil { flags.insert(.hasHigh) }
        self.init(
            series: series, start: Int32(truncatingIfNeeded: window.start?.day.ordinal ?? window.end.day.ordinal),
            end: Int32(truncatingIfNeeded: window.end.day.ordinal), source: source,
            low: low?.units ?? 0, value: value?.units ?? 0, high: high?.units ?? 0,
            qualifier: figure.qualifier, startPrecision: window.start?.precision ?? .day,
            endPrecision: window.end.precision, flags: flags)
    }

    public var kind: FigureKind { flags.contains(.isStock) ? .stock : .flow }
    public var hasStart: Bool { flags.contains(.hasStart) }

    public var window: Window {
        Window(
            start: hasStart ? WindowEnd(Day(ordinal: Int(start)), startPrecision) : nil,
            end: WindowEnd(Day(ordinal: Int(end)), endPrecision))
    }

    /// Days in the window, both ends included; nil without a start.
    public var dayCount: Int? { hasStart ? Int(end) - Int(start) + 1 : nil }

    /// Whether either end of the window is only approximately known.
    public var hasApproximateEnd: Bool {
        (hasStart && startPrecision == .approximate) || endPrecision == .approximate
    }

    /// The figure as stated.
    public var figure: Figure {
        Figure(
            value: flags.contains(.hasValue) ? Amount(units: value) : nil,
            low: flags.contains(.hasLow) ? Amount(units: low) : nil,
            high: flags.contains(.hasHigh) ? Amount(units: high) : nil, qualifier: qualifier)
    }

    /// The figure as an estimate; counts get a floor of 0.
    public func estimate(unit: Unit) -> Estimate {
        var estimate = Estimate(
            low: flags.contains(.hasLow) ? Amount(units: low) : nil,
            value: flags.contains(.hasValue) ? Amount(units: value) : nil,
            high: flags.contains(.hasHigh) ? Amount(units: high) : nil, qualifier: qualifier)
        if estimate.low == nil, unit.isCount { estimate.low = .zero }
        return estimate
    }

    /// Same window, kind and figure.
    func hasSameWindow(as other: FigureRow) -> Bool {
        start == other.start && end == other.end && hasStart == other.hasStart
    }

    func hasSameFigure(as other: FigureRow) -> Bool {
        let mask: Flags = [.hasLow, .hasValue, .hasHigh]
        guard flags.intersection(mask) == other.flags.intersection(mask), qualifier == other.qualifier else {
            return false
        }
        return (!flags.contains(.hasLow) || low == other.low)
            && (!flags.contains(.hasValue) || value == other.value)
            && (!flags.contains(.hasHigh) || high == other.high)
    }
}
