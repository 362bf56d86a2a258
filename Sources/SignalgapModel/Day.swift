/// A calendar day in the proleptic Gregorian calendar, stored as the number of
/// days since 1970-01-01, so that windows and quarters are integer arithmetic.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) {
        self.ordinal = ordinal
    }

    /// Returns nil for an impossible date such as 2015-02-29.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        ordinal = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        var text = String(text)
        guard let day = text.withUTF8({ Day(isoBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = day
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes, without allocating.
    public init?(isoBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) &- 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(ordinal)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }

    /// `YYYY-MM-DD`.
    public var iso: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendISO(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso }

    /// Appends `iso`, as UTF-8, to bytes of the caller's (for output written
    /// byte by byte, such as the report's CSV tables). Each part is padded
    /// with zeros to its width; a year past 9999 keeps all its digits.
    public func appendISO(to bytes: inout [UInt8]) {
        let (year, month, day) = components
        let zero = UInt8(ascii: "0")
        // Years 0 to 9999 (every stored date is in 1 to 9999): ten bytes, written at once.
        if (0...9999).contains(year) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { text in
                text[0] = zero + UInt8(year / 1000)
                text[1] = zero + UInt8(year / 100 % 10)
                text[2] = zero + UInt8(year / 10 % 10)
                text[3] = zero + UInt8(year % 10)
                text[4] = UInt8(ascii: "-")
                text[5] = zero + UInt8(month / 10)
                text[6] = zero + UInt8(month % 10)
                text[7] = UInt8(ascii: "-")
                text[8] = zero + UInt8(day / 10)
                text[9] = zero + UInt8(day % 10)
                bytes.append(contentsOf: text)
            }
            return
        }
        func put(_ value: Int, width: Int) {
            guard value >= 0 else {
                // No stored date is before year 1; written as `String(value)` would, padded.
                let text = Array(String(value).utf8)
                bytes.append(contentsOf: repeatElement(zero, count: max(0, width - text.count)))
                bytes.append(contentsOf: text)
                return
            }
            var divisor = 1
            var digits = 1
            while divisor <= value / 10 {
                divisor *= 10
                digits += 1
            }
            bytes.append(contentsOf: repeatElement(zero, count: max(0, width - digits)))
            while divisor > 0 {
                bytes.append(zero + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        put(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        put(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, width: 2)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
