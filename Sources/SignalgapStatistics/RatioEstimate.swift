import SignalgapModel

/// A ratio, rate, share or percentage change with its range. Ratios are not
/// exact decimals, so they are doubles; every bound is finite or nil.
///
/// - `high == nil`: open-ended (the numerator had no high, or the divisor's
///   low was 0): printed "≥ 0.8", never closed silently.
/// - `low == nil`: no lower bound (only from a difference with an open side).
/// - `qualifier`: `exact` only when both sides were exact; a ratio of ranges is a range.
public struct RatioEstimate: Hashable, Sendable {
    public var low: Double?
    public var value: Double?
    public var high: Double?
    public var qualifier: Qualifier

    public init(low: Double?, value: Double?, high: Double?, qualifier: Qualifier) {
        self.low = low.flatMap(RatioEstimate.finite)
        self.value = value.flatMap(RatioEstimate.finite)
        self.high = high.flatMap(RatioEstimate.finite)
        self.qualifier = qualifier
    }

    public var isOpenEnded: Bool { high == nil }

    private static func finite(_ number: Double) -> Double? { number.isFinite ? number : nil }

    /// Every bound multiplied by a positive factor ("per 10,000 residents": 10,000).
    public func scaled(by factor: Double) -> RatioEstimate {
        RatioEstimate(
            low: low.map { $0 * factor }, value: value.map { $0 * factor }, high: high.map { $0 * factor },
            qualifier: qualifier)
    }

    /// A ratio `now ÷ before` read as a percentage change: (ratio − 1) × 100.
    public var asPercentChange: RatioEstimate {
        RatioEstimate(
            low: low.map { ($0 - 1) * 100 }, value: value.map { ($0 - 1) * 100 },
            high: high.map { ($0 - 1) * 100 }, qualifier: qualifier)
    }
}

extension RatioEstimate: CustomStringConvertible {
    /// `0.53`, `≥ 13.33`, `0.52–0.61`, `about 1.2`; two decimals.
    public var description: String { formatted(digits: 2) }

    /// The same with `digits` decimals.
    public func formatted(digits: Int) -> String {
        func text(_ number: Double?) -> String { number.map { NumberText.decimal($0, digits: digits) } ?? "?" }
        switch (low, high) {
        case (let low?, nil):
            return (qualifier == .moreThan ? "> " : "≥ ") + text(low)
        case (nil, let high?):
            return (qualifier == .fewerThan ? "< " : "≤ ") + text(high)
        case (nil, nil):
            return value.map { "about " + text($0) } ?? "unknown"
        case (let low?, let high?):
            let lowText = text(low)
            let highText = text(high)
            if lowText == highText {
                return qualifier == .exact ? lowText : "about " + lowText
            }
            return lowText + "–" + highText
        }
    }
}
