/// A calendar quarter: `2016Q1` is 1 January to 31 March 2016.
public struct Quarter: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 to 4.
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// The quarter a day falls in.
    public init(containing day: Day) {
        let (year, month, _) = day.components
        self.year = year
        number = (month - 1) / 3 + 1
    }

    /// A running index (year × 4 + number − 1), so quarters are integer arithmetic.
    public init(index: Int) {
        year = index / 4
        number = index % 4 + 1
    }

    public var index: Int { year * 4 + number - 1 }

    /// Parses `2016Q1` (also `2016-Q1`, lower-case `q`).
    public init?(_ text: String) {
        var body = text.uppercased()
        if let dash = body.firstIndex(of: "-") { body.remove(at: dash) }
        let parts = body.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 1,
            let year = Int(parts[0]), let number = Int(parts[1])
        else { return nil }
        self.init(year: year, number: number)
    }

    public var firstDay: Day {
        Day(ordinal: Day.daysFromCivil(year: year, month: (number - 1) * 3 + 1, day: 1))
    }

    public var lastDay: Day {
        next.firstDay.adding(days: -1)
    }

    public var dayCount: Int { lastDay.ordinal - firstDay.ordinal + 1 }

    public var next: Quarter { Quarter(index: index + 1) }
    public var previous: Quarter { Quarter(index: index - 1) }
    public var yearEarlier: Quarter { Quarter(index: index - 4) }

    public var description: String { "\(year)Q\(number)" }

    /// Appends `description`, as UTF-8, to bytes of the caller's.
    public func appendDescription(to bytes: inout [UInt8]) {
        DecimalText.append(year, to: &bytes)
        bytes.append(UInt8(ascii: "Q"))
        DecimalText.append(number, to: &bytes)
    }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { lhs.index < rhs.index }
}
