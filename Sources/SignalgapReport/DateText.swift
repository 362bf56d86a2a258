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
        text { appendDay(day, short: short, to: &$0) }
    }

    /// `day(_:short:)`, appended to UTF-8 bytes of the caller's.
    static func appendDay(_ day: Day, short: Bool = false, to bytes: inout [UInt8]) {
        let (year, month, dayOfMonth) = day.components
        DecimalText.append(dayOfMonth, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes += monthName(month, short: short).utf8
        bytes.append(UInt8(ascii: " "))
        DecimalText.append(year, to: &bytes)
    }

    /// A window start in words.
    static func start(_ end: WindowEnd, short: Bool = false) -> String {
        text { appendStart(end, short: short, to: &$0) }
    }

    static func appendStart(_ end: WindowEnd, short: Bool, to bytes: inout [UInt8]) {
        appendWords(end, short: short, midYear: (7, 1), yearEnd: (1, 1, "the start of "), to: &bytes)
    }

    /// A window end in words.
    static func end(_ end: WindowEnd, short: Bool = false) -> String {
        text { appendEnd(end, short: short, to: &$0) }
    }

    static func appendEnd(_ end: WindowEnd, short: Bool, to bytes: inout [UInt8]) {
        appendWords(end, short: short, midYear: (6, 30), yearEnd: (12, 31, "the end of "), to: &bytes)
    }

    /// A window end by its precision. An approximate day that is the
    /// `midYear` day (month, day) is "mid-YEAR", the `yearEnd` day the words
    /// given and the year; any other is "about" and the day.
    private static func appendWords(
        _ end: WindowEnd, short: Bool, midYear: (month: Int, day: Int), yearEnd: (month: Int, day: Int, words: String),
        to bytes: inout [UInt8]
    ) {
        let (year, month, dayOfMonth) = end.day.components
        switch end.precision {
        case .day: appendDay(end.day, short: short, to: &bytes)
        case .month:
            bytes += monthName(month, short: short).utf8
            bytes.append(UInt8(ascii: " "))
            DecimalText.append(year, to: &bytes)
        case .quarter: bytes += Quarter(containing: end.day).description.utf8
        case .year: DecimalText.append(year, to: &bytes)
        case .approximate:
            if (month, dayOfMonth) == midYear {
                bytes += "mid-".utf8
                DecimalText.append(year, to: &bytes)
            } else if (month, dayOfMonth) == (yearEnd.month, yearEnd.day) {
                bytes += yearEnd.words.utf8
                DecimalText.append(year, to: &bytes)
            } else {
                bytes += "about ".utf8
                appendDay(end.day, short: short, to: &bytes)
            }
        }
    }

    /// The text `append` writes.
    private static func text(_ append: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        append(&bytes)
        return String(decoding: bytes, as: UTF8.self)
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
        text { appendCompact(window, to: &$0) }
    }

    /// `compact(_:)`, appended to UTF-8 bytes of the caller's.
    static func appendCompact(_ window: Window, to bytes: inout [UInt8]) {
        guard let start = window.start else {
            bytes += "as of ".utf8
            return appendEnd(window.end, short: true, to: &bytes)
        }
        // A single day known to the day reads the same at both ends.
        if start.precision == .day, window.end.precision == .day, start.day == window.end.day {
            return appendDay(start.day, short: true, to: &bytes)
        }
        let startFrom = bytes.count
        appendStart(start, short: true, to: &bytes)
        let startEnd = bytes.count
        bytes += " – ".utf8
        let endFrom = bytes.count
        appendEnd(window.end, short: true, to: &bytes)
        // One end when both read the same.
        if bytes[startFrom..<startEnd].elementsEqual(bytes[endFrom...]) { bytes.removeSubrange(startEnd...) }
    }

    /// "1 January – 31 March 2016".
    static func quarterSpan(_ quarter: Quarter) -> String {
        let first = quarter.firstDay.components
        return "\(first.day) \(monthName(first.month, short: false)) – \(day(quarter.lastDay))"
    }
}
