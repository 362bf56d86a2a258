import SignalgapModel

/// Dates and windows in words, as precisely as they are known: "mid-2015",
/// "August 2015", "5 February 2016", "about 6 February 2016".
enum DateText {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The short forms: three letters, or the whole name when it has at most four.
    static let shortMonthNames = monthNames.map { $0.count > 4 ? String($0.prefix(3)) : $0 }

    static func monthName(_ month: Int, short: Bool) -> String {
        (short ? shortMonthNames : monthNames)[max(0, min(11, month - 1))]
    }

    /// "5 February 2016" (or "5 Feb 2016").
    static func day(_ day: Day, short: Bool = false) -> String {
        let (year, month, dayOfMonth) = day.components
        return "\(dayOfMonth) \(monthName(month, short: short)) \(year)"
    }

    /// A window start in words.
    static func start(_ end: WindowEnd, short: Bool = false) -> String {
        words(end, short: short) { year, month, dayOfMonth in
            if dayOfMonth == 1 && month == 7 { return "mid-\(year)" }
            if dayOfMonth == 1 && month == 1 { return "the start of \(year)" }
            return nil
        }
    }

    /// A window end in words.
    static func end(_ end: WindowEnd, short: Bool = false) -> String {
        words(end, short: short) { year, month, dayOfMonth in
            if dayOfMonth == 30 && month == 6 { return "mid-\(year)" }
            if dayOfMonth == 31 && month == 12 { return "the end of \(year)" }
            return nil
        }
    }

    /// A window end by its precision; `approximate` words an approximate day
    /// (from year, month and day), or leaves it to "about" and the day.
    private static func words(
        _ end: WindowEnd, short: Bool, approximate: (_ year: Int, _ month: Int, _ day: Int) -> String?
    ) -> String {
        let (year, month, dayOfMonth) = end.day.components
        switch end.precision {
        case .day: return day(end.day, short: short)
        case .month: return "\(monthName(month, short: short)) \(year)"
        case .quarter: return Quarter(containing: end.day).description
        case .year: return String(year)
        case .approximate: return approximate(year, month, dayOfMonth) ?? "about " + day(end.day, short: short)
        }
    }

    /// "between mid-2015 and 5 February 2016", "in December 2012", "on 7 March 2016",
    /// "as of December 2015" (a level without a start).
    static func window(_ window: Window) -> String {
        guard let start = window.start else { return "as of " + end(window.end) }
        let startText = DateText.start(start)
        let endText = DateText.end(window.end)
        if start.day == window.end.day, start.precision == .day, window.end.precision == .day {
            return "on " + startText
        }
        if startText == endText { return "in " + startText }
        return "between \(startText) and \(endText)"
    }

    /// Table form: "mid-2015 – 5 Feb 2016", "as of Dec 2015", "7 Mar 2016".
    static func compact(_ window: Window) -> String {
        guard let start = window.start else { return "as of " + end(window.end, short: true) }
        let startText = DateText.start(start, short: true)
        let endText = DateText.end(window.end, short: true)
        if startText == endText { return startText }
        return "\(startText) – \(endText)"
    }

    /// "1 January – 31 March 2016".
    static func quarterSpan(_ quarter: Quarter) -> String {
        let first = quarter.firstDay.components
        return "\(first.day) \(monthName(first.month, short: false)) – \(day(quarter.lastDay))"
    }
}
