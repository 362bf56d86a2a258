/// An exact decimal quantity with up to four fractional digits, held as an
/// integer count of ten-thousandths. Counts are whole numbers; percentages may
/// carry decimals ("83.64"). Nothing is ever rounded on the way in: a value
/// that does not fit is an error for the importer to report.
public struct Amount: Comparable, Hashable, Sendable, CustomStringConvertible {
    public static let scale: Int64 = 10_000
    public static let fractionDigits = 4
    public static let zero = Amount(units: 0)

    /// The value in ten-thousandths.
    public let units: Int64

    public init(units: Int64) {
        self.units = units
    }

    public init(_ whole: Int) {
        units = Int64(whole) * Amount.scale
    }

    public var isWhole: Bool { units % Amount.scale == 0 }
    public var isNegative: Bool { units < 0 }

    /// The value as a Double, for display scaling and statistics that need it.
    public var doubleValue: Double { Double(units) / Double(Amount.scale) }

    /// Plain decimal text without separators or trailing zeros: `125000`, `83.64`, `-20`.
    public var description: String {
        DecimalText.string(
            negative: units < 0, magnitude: units.magnitude, fractionDigits: Amount.fractionDigits)
    }

    /// `description` with thousands separators in the whole part: `1,210,357`, `-1,234.5`.
    public var groupedDescription: String {
        DecimalText.string(
            negative: units < 0, magnitude: units.magnitude, fractionDigits: Amount.fractionDigits,
            groupingThousands: true)
    }

    /// Appends `description`, as UTF-8, to bytes of the caller's (for output
    /// written byte by byte, such as the report's CSV tables).
    public func appendDescription(to bytes: inout [UInt8]) {
        DecimalText.append(
            negative: units < 0, magnitude: units.magnitude, fractionDigits: Amount.fractionDigits, to: &bytes)
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.units < rhs.units }

    /// Why a piece of text is not a plain decimal.
    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case thousandsSeparator
        case exponent
        case tooManyFractionDigits
        case notANumber
        case outOfRange
    }

    /// Parses plain decimal notation: optional `-`, digits, optional `.` and up
    /// to four digits. Rejects `1,000`, `1e3`, `+5`, ` 5`, `.5`, `5.`.
    public static func parse(utf8 bytes: some Collection<UInt8>) -> Result<Amount, ParseError> {
        if bytes.isEmpty { return .failure(.empty) }
        var negative = false
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var wholeDigits = 0
        var inFraction = false
        var first = true
        for byte in bytes {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first:
                negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if inFraction {
                    fractionDigits += 1
                    if fractionDigits > Amount.fractionDigits {
                        if digit != 0 { return .failure(.tooManyFractionDigits) }
                        continue
                    }
                    fraction = fraction * 10 + digit
                } else {
                    wholeDigits += 1
                    let (product, overflow1) = whole.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = product.addingReportingOverflow(digit)
                    if overflow1 || overflow2 || sum > Int64.max / Amount.scale { return .failure(.outOfRange) }
                    whole = sum
                }
            case UInt8(ascii: "."):
                if inFraction || wholeDigits == 0 { return .failure(.notANumber) }
                inFraction = true
            case UInt8(ascii: ","), UInt8(ascii: "_"):
                return .failure(.thousandsSeparator)
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                return .failure(wholeDigits > 0 ? .exponent : .notANumber)
            default:
                return .failure(.notANumber)
            }
        }
        if wholeDigits == 0 || (inFraction && fractionDigits == 0) { return .failure(.notANumber) }
        while fractionDigits < Amount.fractionDigits {
            fraction *= 10
            fractionDigits += 1
        }
        // `whole` is at most Int64.max / scale, but its fraction can still tip it over.
        let (units, overflow) = (whole * Amount.scale).addingReportingOverflow(fraction)
        if overflow { return .failure(.outOfRange) }
        return .success(Amount(units: negative ? -units : units))
    }

    public static func parse(_ text: String) -> Result<Amount, ParseError> {
        parse(utf8: text.utf8)
    }
}
