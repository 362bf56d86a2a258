/// One end of a window: a day and how precisely it is known.
public struct WindowEnd: Hashable, Sendable {
    public var day: Day
    public var precision: DatePrecision

    public init(_ day: Day, _ precision: DatePrecision) {
        self.day = day
        self.precision = precision
    }

    /// Whether `day` is a legal start (`isStart`) or end for this precision:
    /// a month start is the 1st, a month end the last day; quarter and year likewise.
    public func isAligned(asStart isStart: Bool) -> Bool {
        let (year, month, dayOfMonth) = day.components
        switch precision {
        case .day, .approximate:
            return true
        case .month:
            return isStart ? dayOfMonth == 1 : dayOfMonth == Day.daysIn(month: month, year: year)
        case .quarter:
            let quarterMonth = isStart ? [1, 4, 7, 10] : [3, 6, 9, 12]
            guard quarterMonth.contains(month) else { return false }
            return isStart ? dayOfMonth == 1 : dayOfMonth == Day.daysIn(month: month, year: year)
        case .year:
            return isStart ? (month == 1 && dayOfMonth == 1) : (month == 12 && dayOfMonth == 31)
        }
    }
}

/// The period a figure covers, inclusive at both ends. A stock that is a
/// level "as of" a date may have no start.
public struct Window: Hashable, Sendable, CustomStringConvertible {
    public var start: WindowEnd?
    public var end: WindowEnd

    public init(start: WindowEnd?, end: WindowEnd) {
        self.start = start
        self.end = end
    }

    /// Number of days covered, both ends included; nil without a start.
    public var dayCount: Int? {
        start.map { end.day.ordinal - $0.day.ordinal + 1 }
    }

    public func overlaps(_ other: Window) -> Bool {
        guard let start, let otherStart = other.start else { return false }
        return start.day <= other.end.day && otherStart.day <= end.day
    }

    public var description: String {
        let startText = start.map { $0.day.iso } ?? "…"
        return "\(startText) – \(end.day.iso)"
    }
}
