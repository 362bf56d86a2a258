import SignalgapModel
import Testing

/// One row of the qualifier rules: the inputs and what `Figure.make` must do with them.
struct QualifierCase: Sendable, CustomTestStringConvertible {
    var qualifier: Qualifier
    var value: Int?
    var low: Int?
    var high: Int?
    /// The normalised (value, low, high), or the inconsistency.
    var expected: Result<Triple, Figure.Inconsistency>

    struct Triple: Equatable, Sendable {
        var value: Int?
        var low: Int?
        var high: Int?
    }

    static func ok(_ q: Qualifier, _ value: Int?, _ low: Int?, _ high: Int?, gives stored: (Int?, Int?, Int?))
        -> QualifierCase
    {
        QualifierCase(
            qualifier: q, value: value, low: low, high: high,
            expected: .success(Triple(value: stored.0, low: stored.1, high: stored.2)))
    }

    static func bad(_ q: Qualifier, _ value: Int?, _ low: Int?, _ high: Int?, _ problem: Figure.Inconsistency)
        -> QualifierCase
    {
        QualifierCase(qualifier: q, value: value, low: low, high: high, expected: .failure(problem))
    }

    var testDescription: String {
        func text(_ number: Int?) -> String { number.map(String.init) ?? "-" }
        return "\(qualifier.rawValue) value \(text(value)) low \(text(low)) high \(text(high))"
    }
}

@Suite struct FigureTests {
    static let cases: [QualifierCase] = [
        .ok(.exact, 5, nil, nil, gives: (5, nil, nil)),
        .bad(.exact, nil, nil, nil, .missingValue),
        .bad(.exact, 5, 4, nil, .boundNotAllowed("low")),
        .bad(.exact, 5, nil, 6, .boundNotAllowed("high")),
        // "More than 125,000": low 125,000, no high.
        .ok(.moreThan, 125_000, nil, nil, gives: (125_000, 125_000, nil)),
        .ok(.moreThan, 125_000, 125_000, nil, gives: (125_000, 125_000, nil)),
        .bad(.moreThan, 125_000, 100_000, nil, .boundMustEqualValue("low")),
        .bad(.moreThan, 125_000, nil, 200_000, .boundNotAllowed("high")),
        .bad(.moreThan, nil, 125_000, nil, .missingValue),
        .ok(.atLeast, 8, nil, nil, gives: (8, 8, nil)),
        .bad(.atLeast, 8, 7, nil, .boundMustEqualValue("low")),
        .ok(.fewerThan, 2, nil, nil, gives: (2, nil, 2)),
        .ok(.atMost, 15, nil, 15, gives: (15, nil, 15)),
        .bad(.atMost, 15, nil, 16, .boundMustEqualValue("high")),
        .bad(.fewerThan, 2, 1, nil, .boundNotAllowed("low")),
        .bad(.fewerThan, nil, nil, 2, .missingValue),
        .ok(.about, 1_700, nil, nil, gives: (1_700, nil, nil)),
        .ok(.about, 1_700, 1_500, 1_900, gives: (1_700, 1_500, 1_900)),
        .ok(.about, 1_700, 1_700, 1_700, gives: (1_700, 1_700, 1_700)),
        .bad(.about, 1_700, 1_500, nil, .boundsOnlyBoth),
        .bad(.about, 1_700, nil, 1_900, .boundsOnlyBoth),
        .bad(.about, 1_700, 1_900, 1_500, .lowAboveHigh),
        .bad(.about, 2_000, 1_500, 1_900, .valueOutsideBounds),
        .bad(.about, nil, 1_500, 1_900, .missingValue),
        // "27,000–31,000 fighters".
        .ok(.range, nil, 27_000, 31_000, gives: (nil, 27_000, 31_000)),
        .ok(.range, 30_000, 27_000, 31_000, gives: (30_000, 27_000, 31_000)),
        .ok(.range, nil, 5, 5, gives: (nil, 5, 5)),
        .bad(.range, nil, 27_000, nil, .missingBounds),
        .bad(.range, nil, nil, 31_000, .missingBounds),
        .bad(.range, 30_000, nil, nil, .missingBounds),
        .bad(.range, nil, 31_000, 27_000, .lowAboveHigh),
        .bad(.range, 26_000, 27_000, 31_000, .valueOutsideBounds),
        .bad(.range, 32_000, 27_000, 31_000, .valueOutsideBounds),
    ]

    @Test(arguments: cases)
    func qualifierRules(_ rule: QualifierCase) {
        let made = Figure.make(
            value: rule.value.map(Amount.init), low: rule.low.map(Amount.init), high: rule.high.map(Amount.init),
            qualifier: rule.qualifier)
        switch (made, rule.expected) {
        case (.success(let figure), .success(let stored)):
            #expect(figure.qualifier == rule.qualifier)
            #expect(figure.value == stored.value.map(Amount.init))
            #expect(figure.low == stored.low.map(Amount.init))
            #expect(figure.high == stored.high.map(Amount.init))
        case (.failure(let problem), .failure(let expected)):
            #expect(problem == expected)
        default:
            Issue.record("\(rule.testDescription): got \(made), expected \(rule.expected)")
        }
    }

    @Test func boundsSayWhatIsKnown() throws {
        let moreThan = try Figure.make(value: Amount(125_000), low: nil, high: nil, qualifier: .moreThan).get()
        #expect(moreThan.lowerBound == Amount(125_000))
        #expect(moreThan.upperBound == nil)
        let fewerThan = try Figure.make(value: Amount(2), low: nil, high: nil, qualifier: .fewerThan).get()
        #expect(fewerThan.lowerBound == nil)
        #expect(fewerThan.upperBound == Amount(2))
        let range = try Figure.make(value: nil, low: Amount(27_000), high: Amount(31_000), qualifier: .range).get()
        #expect(range.lowerBound == Amount(27_000))
        #expect(range.upperBound == Amount(31_000))
        let exact = Figure.exact(636_248)
        #expect(exact.lowerBound == Amount(636_248))
        #expect(exact.upperBound == Amount(636_248))
    }

    @Test func qualifierListReadsAsInTheErrorMessages() {
        #expect(Qualifier.codeList == "exact, more_than, at_least, about, fewer_than, at_most, range")
        #expect(Qualifier.parse("more_than") == .moreThan)
        #expect(Qualifier.parse("More_than") == nil)
        #expect(Qualifier.moreThan.isLowerBound && Qualifier.atLeast.isLowerBound)
        #expect(Qualifier.fewerThan.isUpperBound && Qualifier.atMost.isUpperBound)
        #expect(!Qualifier.about.isLowerBound && !Qualifier.about.isUpperBound)
    }
}
