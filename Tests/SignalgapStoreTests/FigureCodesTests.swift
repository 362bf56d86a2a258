import Foundation
import SignalgapModel
import SignalgapStore
import SignalgapTestSupport
import Testing

/// The `codes` column: a figure's kind, qualifier and precisions as one number
/// that SQLite computes and the statistics read back.
@Suite struct FigureCodesTests {
    /// Every kind, qualifier, start precision (or none) and end precision.
    static let everyCombination: [FigureCodes] = FigureKind.allCases.flatMap { kind in
        Qualifier.allCases.flatMap { qualifier in
            ([nil] + DatePrecision.allCases.map(Optional.some)).flatMap { start in
                DatePrecision.allCases.map { end in
                    FigureCodes(kind: kind, qualifier: qualifier, startPrecision: start, endPrecision: end)
                }
            }
        }
    }

    /// Stored numbers are the codes' places in the codebook: a store written
    /// today must read the same tomorrow, so the order may only grow at the end.
    @Test func theCodebookOrderIsTheStoredNumbering() {
        #expect(FigureKind.allCases.map(\.rawValue) == ["flow", "stock"])
        #expect(
            Qualifier.allCases.map(\.rawValue) == [
                "exact", "more_than", "at_least", "about", "fewer_than", "at_most", "range",
            ])
        #expect(DatePrecision.allCases.map(\.rawValue) == ["day", "month", "quarter", "year", "approximate"])
        let codes = FigureCodes(kind: .stock, qualifier: .range, startPrecision: nil, endPrecision: .approximate)
        #expect(codes.number == 1 | 6 << 4 | 15 << 8 | 4 << 12)
    }

    @Test func everyCombinationReadsBackAsItself() {
        let numbers = Self.everyCombination.map(\.number)
        #expect(Set(numbers).count == Self.everyCombination.count)
        #expect(numbers.map { FigureCodes($0) } == Self.everyCombination)
        // A field that names no code is not read as one.
        #expect(FigureCodes(7 << 4) == nil)
        #expect(FigureCodes(-1) == nil)
        #expect(FigureCodes(1 << 16) == nil)
    }

    /// SQLite's expression for the column gives the same number as the code for
    /// every combination (the four text values put through it in one query).
    @Test func theStoreComputesTheSameNumbers() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        _ = try FigureStore(path: scratch.storePath)
        let expression = try #require(
            try SQLiteShell.rows(
                scratch.storePath,
                "SELECT substr(sql, instr(sql, 'GENERATED ALWAYS AS (') + 21) FROM sqlite_master "
                    + "WHERE name = 'observation'"
            ).first)
        // The expression runs up to the closing parenthesis before STORED.
        let generated = try #require(expression.range(of: ") STORED"))
        let columnExpression = String(expression[..<generated.lowerBound])
        let rows = Self.everyCombination.enumerated().map { index, codes -> String in
            let start: String = codes.startPrecision.map { "'\($0.rawValue)'" } ?? "NULL"
            return "(\(index), '\(codes.kind.rawValue)', '\(codes.qualifier.rawValue)', \(start), "
                + "'\(codes.endPrecision.rawValue)')"
        }
        let sql =
            "WITH figure (n, kind, qualifier, start_precision, end_precision) AS (VALUES "
            + rows.joined(separator: ", ") + ") SELECT \(columnExpression) FROM figure ORDER BY n"
        let stored = try SQLiteShell.rows(scratch.storePath, sql)
        #expect(stored == Self.everyCombination.map { "\($0.number)" })
    }
}
