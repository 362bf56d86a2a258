/// A number as its source gave it: a point value, optional bounds and a
/// qualifier. The bounds are normalised on the way in so that they always
/// say what is known: "more than 125,000" has low 125,000 and no high.
public struct Figure: Hashable, Sendable {
    public var value: Amount?
    public var low: Amount?
    public var high: Amount?
    public var qualifier: Qualifier

    public init(value: Amount?, low: Amount? = nil, high: Amount? = nil, qualifier: Qualifier) {
        self.value = value
        self.low = low
        self.high = high
        self.qualifier = qualifier
    }

    public static func exact(_ value: Int) -> Figure {
        Figure(value: Amount(value), qualifier: .exact)
    }

    /// The lowest value consistent with the figure (nil: unbounded below, i.e. 0 for counts).
    public var lowerBound: Amount? {
        switch qualifier {
        case .exact: value
        case .moreThan, .atLeast: low ?? value
        case .fewerThan, .atMost: nil
        case .about, .range: low ?? value
        }
    }

    /// The highest value consistent with the figure (nil: open-ended).
    public var upperBound: Amount? {
        switch qualifier {
        case .exact: value
        case .moreThan, .atLeast: nil
        case .fewerThan, .atMost: high ?? value
        case .about, .range: high ?? value
        }
    }

    /// Why a combination of value, low, high and qualifier is inconsistent.
    public enum Inconsistency: Error, Equatable, Sendable {
        case missingValue
        case boundNotAllowed(String)
        case boundMustEqualValue(String)
        case missingBounds
        case boundsOnlyBoth
        case lowAboveHigh
        case valueOutsideBounds
    }

    /// Checks the qualifier rules and returns the normalised figure:
    /// - exact: value; no low or high
    /// - more_than / at_least: value; no high; low empty or equal to value (stored as value)
    /// - fewer_than / at_most: value; no low; high empty or equal to value (stored as value)
    /// - about: value; low and high both empty, or both with low ≤ value ≤ high
    /// - range: low and high, low ≤ high; value empty or within them
    public static func make(
        value: Amount?, low: Amount?, high: Amount?, qualifier: Qualifier
    ) -> Result<Figure, Inconsistency> {
        switch qualifier {
        case .exact:
            guard let value else { return .failure(.missingValue) }
            if low != nil { return .failure(.boundNotAllowed("low")) }
            if high != nil { return .failure(.boundNotAllowed("high")) }
            return .success(Figure(value: value, qualifier: qualifier))
        case .moreThan, .atLeast:
            guard let value else { return .failure(.missingValue) }
            if high != nil { return .failure(.boundNotAllowed("high")) }
            if let low, low != value { return .failure(.boundMustEqualValue("low")) }
            return .success(Figure(value: value, low: value, qualifier: qualifier))
        case .fewerThan, .atMost:
            guard let value else { return .failure(.missingValue) }
            if low != nil { return .failure(.boundNotAllowed("low")) }
            if let high, high != value { return .failure(.boundMustEqualValue("high")) }
            return .success(Figure(value: value, high: value, qualifier: qualifier))
        case .about:
            guard let value else { return .failure(.missingValue) }
            switch (low, high) {
            case (nil, nil):
                return .success(Figure(value: value, qualifier: qualifier))
            case (let low?, let high?):
                if low > high { return .failure(.lowAboveHigh) }
                if value < low || value > high { return .failure(.valueOutsideBounds) }
                return .success(Figure(value: value, low: low, high: high, qualifier: qualifier))
            default:
                return .failure(.boundsOnlyBoth)
            }
        case .range:
            guard let low, let high else { return .failure(.missingBounds) }
            if low > high { return .failure(.lowAboveHigh) }
            if let value, value < low || value > high { return .failure(.valueOutsideBounds) }
            return .success(Figure(value: value, low: low, high: high, qualifier: qualifier))
        }
    }
}
