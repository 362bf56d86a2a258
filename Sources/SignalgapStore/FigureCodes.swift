import SignalgapModel

/// A figure's kind, qualifier and the precisions of its window's ends, as one
/// number: the `codes` column of table `observation`, which SQLite computes
/// from those four text columns (a stored generated column, so it can never
/// disagree with them). The statistics read the number instead of four text
/// columns per row.
///
/// Each code is numbered by its place in the codebook (`Code.allCases`, which
/// only ever grows at the end: `FigureCodesTests` pins the order), in a field
/// of four bits; 15 in a precision's field means the window has no start.
public struct FigureCodes: Equatable, Sendable {
    public var kind: FigureKind
    public var qualifier: Qualifier
    /// nil when the window has no start.
    public var startPrecision: DatePrecision?
    public var endPrecision: DatePrecision

    static let fieldBits: Int64 = 4
    static let noStart: Int64 = 15
    /// Where each field starts, in bits.
    static let kindShift: Int64 = 0, qualifierShift: Int64 = 4, startShift: Int64 = 8, endShift: Int64 = 12

    public init(kind: FigureKind, qualifier: Qualifier, startPrecision: DatePrecision?, endPrecision: DatePrecision) {
        self.kind = kind
        self.qualifier = qualifier
        self.startPrecision = startPrecision
        self.endPrecision = endPrecision
    }

    /// The codebooks in their stored order (`allCases` builds a new array on each call).
    private static let kinds = FigureKind.allCases
    private static let qualifiers = Qualifier.allCases
    private static let precisions = DatePrecision.allCases

    /// The codes a stored number stands for (nil if a field names no code of this build).
    public init?(_ number: Int64) {
        func field(_ shift: Int64) -> Int { Int((number >> shift) & (1 << Self.fieldBits - 1)) }
        guard number >= 0, number >> (Self.endShift + Self.fieldBits) == 0 else { return nil }
        let kind = field(Self.kindShift)
        let qualifier = field(Self.qualifierShift)
        let start = field(Self.startShift)
        let end = field(Self.endShift)
        guard kind < Self.kinds.count, qualifier < Self.qualifiers.count, end < Self.precisions.count,
            start < Self.precisions.count || start == Int(Self.noStart)
        else { return nil }
        self.init(
            kind: Self.kinds[kind], qualifier: Self.qualifiers[qualifier],
            startPrecision: start == Int(Self.noStart) ? nil : Self.precisions[start],
            endPrecision: Self.precisions[end])
    }

    /// The number stored for these codes (what the column's expression computes).
    public var number: Int64 {
        func index<C: Code>(_ code: C) -> Int64 { Int64(Array(C.allCases).firstIndex(of: code)!) }
        return index(kind) << Self.kindShift | index(qualifier) << Self.qualifierShift
            | (startPrecision.map(index) ?? Self.noStart) << Self.startShift | index(endPrecision) << Self.endShift
    }

    /// The column's SQL expression, from the codebook. NULL for a code it does
    /// not know (the table's CHECK constraints let none in).
    static var expression: String {
        func number<C: Code>(_ column: String, _: C.Type) -> String {
            precondition(C.allCases.count < Int(noStart), "\(C.codeName): more codes than a field holds")
            let cases = C.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ")
            return "(CASE \(column) \(cases) END)"
        }
        let start =
            "(CASE WHEN start_precision IS NULL THEN \(noStart) ELSE \(number("start_precision", DatePrecision.self)) END)"
        // SQLite gives << and | the same precedence, left to right: each shift in parentheses.
        return "(\(number("kind", FigureKind.self)) << \(kindShift))"
            + " | (\(number("qualifier", Qualifier.self)) << \(qualifierShift))"
            + " | (\(start) << \(startShift)) | (\(number("end_precision", DatePrecision.self)) << \(endShift))"
    }
}
