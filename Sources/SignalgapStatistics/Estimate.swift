import SignalgapModel

/// An exact quantity with its uncertainty: a lowest value, an optional point
/// value and a highest value, and the qualifier that says how the number is to
/// be read. Sums and differences are exact (`Amount` arithmetic); ratios go
/// to ``RatioEstimate``.
///
/// - `low == nil`: no lower bound is known ("fewer than 2%" of a quantity that
///   may be negative). Counts always have one: ``init(_:unit:)`` puts the floor at 0.
/// - `high == nil`: open-ended ("more than 125,000"). An open high is never
///   closed by arithmetic: a sum or a ratio numerator that includes one stays open.
/// - `value == nil`: only the bounds are known ("27,000–31,000").
///
/// Qualifiers propagate through sums: a sum that includes a "more than" is a
/// "more than"; a sum that includes a range is a range; a sum that includes an
/// "about" is an "about"; only a sum of exact figures is exact.
public struct Estimate: Hashable, Sendable {
    public var low: Amount?
    public var value: Amount?
    public var high: Amount?
    public var qualifier: Qualifier

    public init(low: Amount?, value: Amount?, high: Amount?, qualifier: Qualifier) {
        self.low = low
        self.value = value
        self.high = high
        self.qualifier = qualifier
    }

    /// The figure's bounds as stated (`Figure.lowerBound`, `Figure.upperBound`).
    public init(_ figure: Figure) {
        self.init(low: figure.lowerBound, value: figure.value, high: figure.upperBound, qualifier: figure.qualifier)
    }

    /// The figure's bounds, with a floor of 0 for counts: "fewer than 15 people" is 0–15.
    public init(_ figure: Figure, unit: Unit) {
        self.init(figure)
        if low == nil, unit.isCount { low = .zero }
    }

    public static func exact(_ amount: Amount) -> Estimate {
        Estimate(low: amount, value: amount, high: amount, qualifier: .exact)
    }

    public static let zero = Estimate.exact(.zero)

    /// No high bound: the quantity may be arbitrarily large.
    public var isOpenEnded: Bool { high == nil }

    /// Exact and known: low, value and high coincide.
    public var isExact: Bool { qualifier == .exact && low != nil && low == high && value == low }

    /// The point value, or the middle of the bounds when only bounds are known
    /// (nil when a bound is missing). Used only where a statistic needs one
    /// number per quarter (ranks), and said so where it is used.
    public var centre: Double? {
        if let value { return value.doubleValue }
        guard let low, let high else { return nil }
        return (low.doubleValue + high.doubleValue) / 2
    }

    /// The value used to order estimates by size: the point value, else the low.
    var orderingValue: Int64 { value?.units ?? low?.units ?? 0 }

    // MARK: Arithmetic

    /// Interval sum. Exact: bounds and values are `Amount`s (integer ten-thousandths).
    public static func + (lhs: Estimate, rhs: Estimate) -> Estimate {
        let low = add(lhs.low, rhs.low)
        let high = add(lhs.high, rhs.high)
        let value = add(lhs.value, rhs.value)
        return Estimate(
            low: low, value: value, high: high,
            qualifier: sumQualifier([lhs.qualifier, rhs.qualifier], low: low, high: high))
    }

    /// Interval difference: low = lhs.low − rhs.high, high = lhs.high − rhs.low.
    public static func - (lhs: Estimate, rhs: Estimate) -> Estimate {
        let low = subtract(lhs.low, rhs.high)
        let high = subtract(lhs.high, rhs.low)
        let value = subtract(lhs.value, rhs.value)
        // Subtracting a "more than" leaves an upper bound only, and vice versa.
        var qualifiers = [lhs.qualifier]
        switch rhs.qualifier {
        case .moreThan: qualifiers.append(.fewerThan)
        case .atLeast: qualifiers.append(.atMost)
        case .fewerThan: qualifiers.append(.moreThan)
        case .atMost: qualifiers.append(.atLeast)
        default: qualifiers.append(rhs.qualifier)
        }
        return Estimate(low: low, value: value, high: high, qualifier: sumQualifier(qualifiers, low: low, high: high))
    }

    /// The sum of many estimates (exact zero when empty).
    public static func sum(_ estimates: some Sequence<Estimate>) -> Estimate {
        var total: Estimate?
        for estimate in estimates {
            total = total.map { $0 + estimate } ?? estimate
        }
        return total ?? .zero
    }

    /// The range from the lowest low to the highest high: the rule used
    /// downstream when sources disagree. The point value is `preferred`'s
    /// (the figure ranked first by the precedence rule), kept within the bounds.
    public static func hull(_ estimates: [Estimate], preferredValue: Amount?) -> Estimate {
        guard let first = estimates.first else { return .zero }
        var low = first.low
        var high = first.high
        // Whether the bound excludes itself ("more than 22" does, "at least 22" does not).
        var isLowExclusive = first.qualifier == .moreThan
        var isHighExclusive = first.qualifier == .fewerThan
        for estimate in estimates.dropFirst() {
            if let current = low, let other = estimate.low {
                if other < current {
                    low = other
                    isLowExclusive = estimate.qualifier == .moreThan
                } else if other == current, estimate.qualifier != .moreThan {
                    isLowExclusive = false
                }
            } else {
                low = nil
            }
            if let current = high, let other = estimate.high {
                if other > current {
                    high = other
                    isHighExclusive = estimate.qualifier == .fewerThan
                } else if other == current, estimate.qualifier != .fewerThan {
                    isHighExclusive = false
                }
            } else {
                high = nil
            }
        }
        // An open side takes the strictness of the bound that is known:
        // "more than 22" and "exactly 22" together are "at least 22".
        let qualifier: Qualifier
        switch (low, high) {
        case (_?, nil): qualifier = isLowExclusive ? .moreThan : .atLeast
        case (nil, _?): qualifier = isHighExclusive ? .fewerThan : .atMost
        case (nil, nil): qualifier = .range
        case (let low?, let high?):
            qualifier = low == high && estimates.allSatisfy { $0.qualifier == .exact } ? .exact : .range
        }
        var value = preferredValue
        if let current = value {
            if let low, current < low { value = low }
            if let high, current > high { value = high }
        }
        return Estimate(low: low, value: value, high: high, qualifier: qualifier)
    }

    /// The ratio of two non-negative quantities as a range:
    /// low = lhs.low ÷ rhs.high, high = lhs.high ÷ rhs.low. A zero or missing
    /// divisor bound leaves the ratio open-ended; an open numerator keeps it open.
    /// Nil when the divisor is exactly zero.
    public func divided(by divisor: Estimate) -> RatioEstimate? {
        if divisor.high == .zero { return nil }
        let numeratorLow = low?.doubleValue ?? 0
        let low: Double? =
            if let divisorHigh = divisor.high { numeratorLow / divisorHigh.doubleValue } else { 0 }
        var high: Double?
        if let numeratorHigh = self.high, let divisorLow = divisor.low, divisorLow > .zero {
            high = numeratorHigh.doubleValue / divisorLow.doubleValue
        }
        var value: Double?
        if let numerator = self.value, let denominator = divisor.value, denominator > .zero {
            value = numerator.doubleValue / denominator.doubleValue
        }
        let qualifier: Qualifier
        if high == nil {
            qualifier =
                (self.qualifier == .moreThan || divisor.qualifier == .fewerThan) ? .moreThan : .atLeast
        } else if self.isExact && divisor.isExact {
            qualifier = .exact
        } else if low == high && self.qualifier != .range && divisor.qualifier != .range {
            qualifier = .about
        } else {
            qualifier = .range
        }
        return RatioEstimate(low: low, value: value, high: high, qualifier: qualifier)
    }

    /// The share `part ÷ (part + rest)` of two disjoint non-negative quantities,
    /// as a fraction in 0…1. Bounds use that the share rises with the part and
    /// falls with the rest: low = part.low ÷ (part.low + rest.high), high =
    /// part.high ÷ (part.high + rest.low). An open-ended part gives a high of 1,
    /// an open-ended rest a low of 0: a share is never open-ended.
    public static func share(of part: Estimate, rest: Estimate) -> RatioEstimate? {
        func fraction(_ part: Double?, _ rest: Double?) -> Double? {
            guard let part else { return 1 }
            guard let rest else { return 0 }
            let whole = part + rest
            return whole > 0 ? part / whole : nil
        }
        let low = fraction(part.low?.doubleValue ?? 0, rest.high?.doubleValue)
        let high = fraction(part.high?.doubleValue, rest.low?.doubleValue ?? 0)
        var value: Double?
        if let partValue = part.value, let restValue = rest.value {
            value = fraction(partValue.doubleValue, restValue.doubleValue)
        }
        if low == nil, high == nil, value == nil { return nil }
        let qualifier: Qualifier =
            part.isExact && rest.isExact ? .exact : (low == high ? .about : .range)
        return RatioEstimate(low: low, value: value, high: high, qualifier: qualifier)
    }

    // MARK: Helpers

    private static func add(_ lhs: Amount?, _ rhs: Amount?) -> Amount? {
        guard let lhs, let rhs else { return nil }
        return Amount(units: lhs.units &+ rhs.units)
    }

    private static func subtract(_ lhs: Amount?, _ rhs: Amount?) -> Amount? {
        guard let lhs, let rhs else { return nil }
        return Amount(units: lhs.units &- rhs.units)
    }

    /// The qualifier of a sum, from the qualifiers that went into it and the bounds that came out.
    static func sumQualifier(_ qualifiers: [Qualifier], low: Amount?, high: Amount?) -> Qualifier {
        var flags = QualifierFlags()
        for qualifier in qualifiers { flags.insert(qualifier) }
        return flags.qualifier(low: low, high: high)
    }
}

/// The qualifiers seen in a sum, reduced to the sum's qualifier. Kept as bits
/// so that the quarterly accumulation can merge them without allocating.
struct QualifierFlags: Hashable, Sendable {
    private(set) var bits: UInt8 = 0

    init() {}

    init(_ qualifier: Qualifier) { insert(qualifier) }

    mutating func insert(_ qualifier: Qualifier) {
        bits |= QualifierFlags.bit(qualifier)
    }

    mutating func formUnion(_ other: QualifierFlags) { bits |= other.bits }

    private static func bit(_ qualifier: Qualifier) -> UInt8 {
        switch qualifier {
        case .exact: 1
        case .moreThan: 2
        case .atLeast: 4
        case .about: 8
        case .fewerThan: 16
        case .atMost: 32
        case .range: 64
        }
    }

    func contains(_ qualifier: Qualifier) -> Bool { bits & QualifierFlags.bit(qualifier) != 0 }

    /// Open high → "more than" if any part was one, else "at least"; no low →
    /// "fewer than"/"at most"; an upper-bound part with a floor of 0 keeps the
    /// sum an upper bound; otherwise any range makes a range, any "about" an
    /// "about", and only exact parts an exact sum.
    func qualifier(low: Amount?, high: Amount?) -> Qualifier {
        let hasUpperOnly = contains(.fewerThan) || contains(.atMost)
        switch (low, high) {
        case (_?, nil):
            return contains(.moreThan) ? .moreThan : .atLeast
        case (nil, _?):
            return contains(.fewerThan) ? .fewerThan : .atMost
        case (nil, nil):
            return .range
        case (let low?, let high?):
            if hasUpperOnly, low <= .zero { return contains(.fewerThan) ? .fewerThan : .atMost }
            if contains(.range) || hasUpperOnly || contains(.moreThan) || contains(.atLeast) {
                return low == high ? .about : .range
            }
            if contains(.about) { return .about }
            return low == high ? .exact : .range
        }
    }
}

extension Estimate: CustomStringConvertible {
    /// How a report prints it: `1,210,357`, `> 125,000`, `≥ 8`, `about 90,000`,
    /// `27,000–31,000`, `< 2`, `≤ 15`.
    public var description: String {
        func text(_ amount: Amount?) -> String { amount.map(NumberText.grouped) ?? "?" }
        switch qualifier {
        case .exact: return text(value ?? low)
        case .moreThan: return "> " + text(low ?? value)
        case .atLeast: return "≥ " + text(low ?? value)
        case .fewerThan: return "< " + text(high ?? value)
        case .atMost: return "≤ " + text(high ?? value)
        case .about:
            if let low, let high, low != high { return "about \(text(value)) (\(text(low))–\(text(high)))" }
            return "about " + text(value ?? low)
        case .range:
            if low == nil, high == nil { return "unknown" }
            if low == high { return text(low) }
            return text(low) + "–" + text(high)
        }
    }
}

/// Number formatting shared by the descriptions (reports do their own layout).
enum NumberText {
    /// `1210357` → `1,210,357`; `83.64` stays `83.64`; `-20` → `-20`.
    static func grouped(_ amount: Amount) -> String {
        amount.groupedDescription
    }

    /// A double with up to `digits` decimals, trailing zeros trimmed, thousands grouped.
    static func decimal(_ number: Double, digits: Int = 2) -> String {
        guard number.isFinite else { return "?" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (number * scale).rounded() / scale
        let units = Int64((rounded * 10_000).rounded())
        return grouped(Amount(units: units))
    }
}
