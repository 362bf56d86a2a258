import Foundation
import SignalgapModel

/// Field checks for the current record of a `ResourceReader`: each reports
/// a problem at the field's line and column and returns nil.
extension ResourceReader {
    /// Notes a problem with the current row; `flushRowProblems` lists the
    /// row's problems in column order once the row is checked.
    mutating func report(_ message: String, column name: Column, hint: String? = nil) {
        isBad = true
        rowProblems.append(Diagnostic(message, at: location(of: name), hint: hint))
    }

    mutating func flushRowProblems() {
        guard !rowProblems.isEmpty else { return }
        for problem in rowProblems.sorted(by: {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }) {
            problems.append(problem)
        }
        rowProblems.removeAll(keepingCapacity: true)
    }

    func location(of name: Column) -> SourceLocation {
        let index = columns[name.rawValue]
        guard index >= 0 else {
            return SourceLocation(path: path, line: reader.recordLine)
        }
        let start = reader.location(ofField: index)
        return SourceLocation(path: path, line: start.line, column: start.column)
    }

    /// The field's text, or nil when the column is absent or the field empty.
    func text(_ name: Column) -> String? {
        let index = columns[name.rawValue]
        guard index >= 0, !reader.isEmpty(index) else { return nil }
        return reader.field(index)
    }

    mutating func required(_ name: Column) -> String? {
        guard let value = text(name) else {
            report("\(name) is empty", column: name, hint: "\(name) is required in every row")
            return nil
        }
        return value
    }

    mutating func code<C: Code>(_ name: Column, _: C.Type, required: Bool = true) -> C? {
        guard let raw = required ? self.required(name) : text(name) else { return nil }
        if let code = C(rawValue: raw) { return code }
        report(
            "\(name) \"\(raw)\" is not one of \(C.codeList)", column: name,
            hint: Suggestion.closest(to: raw, among: C.allCases.map(\.rawValue)).map { "did you mean \"\($0)\"?" })
        return nil
    }

    mutating func id() -> Reference? {
        guard let raw = required(.id) else { return nil }
        guard Identifier.isValidID(raw) else {
            report(
                "id \"\(raw)\" is not a valid id", column: .id,
                hint: "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit")
            return nil
        }
        return Reference(dataset: dataset, id: raw)
    }

    mutating func reference(_ name: Column, required: Bool) -> Reference? {
        guard let raw = required ? self.required(name) : text(name) else { return nil }
        guard let reference = Reference.parse(raw, home: dataset) else {
            report(
                "\(name) \"\(raw)\" is not a reference", column: name,
                hint: "write ID for a row of this dataset, or DATASET:ID for a row of another dataset")
            return nil
        }
        return reference
    }

    mutating func day(_ name: Column, required: Bool) -> Day? {
        let index = columns[name.rawValue]
        if index >= 0, !reader.isEmpty(index), let day = reader.withFieldBytes(index, { Day(isoBytes: $0) }) {
            return day
        }
        guard let raw = required ? self.required(name) : text(name) else { return nil }
        let shape = raw.count == 10 && raw.utf8.filter { $0 == UInt8(ascii: "-") }.count == 2
        report(
            shape
                ? "\(name) \"\(raw)\" is not a real calendar date"
                : "\(name) \"\(raw)\" is not a date in the form YYYY-MM-DD",
            column: name,
            hint: shape
                ? nil
                : "write the full date and say how precise it is in the precision column (\"mid-2015\" is 2015-07-01 with precision approximate)"
        )
        return nil
    }

    /// A window end: the date and its precision, checked against each other.
    mutating func windowEnd(_ dateColumn: Column, _ precisionColumn: Column, required: Bool, isStart: Bool)
        -> WindowEnd??
    {
        let day = self.day(dateColumn, required: required)
        let hasDate = text(dateColumn) != nil
        if hasDate && text(precisionColumn) == nil {
            report(
                "\(precisionColumn) is empty, but \(dateColumn) is given", column: precisionColumn,
                hint: "say how precisely \(dateColumn) is known: day, month, quarter, year or approximate")
            return nil
        }
        let precision = code(precisionColumn, DatePrecision.self, required: false)
        if !hasDate {
            if text(precisionColumn) != nil {
                report("\(precisionColumn) is given but \(dateColumn) is empty", column: precisionColumn)
                return nil
            }
            return required ? nil : .some(nil)
        }
        guard let day, let precision else { return nil }
        let end = WindowEnd(day, precision)
        if !end.isAligned(asStart: isStart) {
            let expected: String
            switch precision {
            case .month: expected = isStart ? "the first day of a month" : "the last day of a month"
            case .quarter:
                expected =
                    isStart
                    ? "the first day of a quarter (01-01, 04-01, 07-01, 10-01)"
                    : "the last day of a quarter (03-31, 06-30, 09-30, 12-31)"
            case .year: expected = isStart ? "1 January" : "31 December"
            case .day, .approximate: expected = "any day"
            }
            report(
                "\(dateColumn) \(day.iso) does not match precision \(precision.rawValue): expected \(expected)",
                column: dateColumn, hint: "use precision day or approximate for a date inside the period")
            return nil
        }
        return .some(end)
    }

    mutating func amount(_ name: Column, unit: SignalgapModel.Unit?) -> Amount?? {
        let index = columns[name.rawValue]
        guard index >= 0, !reader.isEmpty(index) else { return .some(nil) }
        let result = reader.withFieldBytes(index) { Amount.parse(utf8: $0) }
        switch result {
        case .success(let amount):
            if let unit {
                if unit.isCount && !amount.isWhole {
                    report(
                        "\(name) \"\(reader.field(index))\" is not a whole number, and \(unit.rawValue) are counted in whole numbers",
                        column: name,
                        hint:
                            "counts are never rounded: give the figure as the source does, or use a range with low and high"
                    )
                    return nil
                }
                if amount.isNegative && !unit.allowsNegative {
                    report("\(name) \(amount) is negative; a count of \(unit.rawValue) cannot be", column: name)
                    return nil
                }
            }
            return .some(amount)
        case .failure(let error):
            let text = reader.field(index)
            let message: String
            var hint: String?
            switch error {
            case .thousandsSeparator:
                message = "\(name) \"\(text)\" has a thousands separator"
                hint = "write digits only: \(text.filter { $0 != "," && $0 != "_" })"
            case .exponent:
                message = "\(name) \"\(text)\" uses an exponent"
                hint = "write the number in full, without e"
            case .tooManyFractionDigits:
                message = "\(name) \"\(text)\" has more than \(Amount.fractionDigits) decimal places"
            case .outOfRange:
                message = "\(name) \"\(text)\" is too large"
            case .empty, .notANumber:
                message = "\(name) \"\(text)\" is not a number"
                hint =
                    "write a plain decimal number such as 125000 or 83.64; put words like \"more than\" in the qualifier column"
            }
            report(message, column: name, hint: hint)
            return nil
        }
    }

    /// Extra declared columns, by name (empty fields left out).
    func extra() -> [String: String] {
        var values: [String: String] = [:]
        for (name, index) in extraColumns where !reader.isEmpty(index) {
            values[name] = reader.field(index)
        }
        return values
    }
}

/// The closest code to a misspelt one, for hints.
enum Suggestion {
    static func closest(to text: String, among candidates: [String]) -> String? {
        let lowered = text.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(
            of: "-", with: "_")
        if candidates.contains(lowered) { return lowered }
        let scored = candidates.map { ($0, distance(lowered, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored, score <= max(2, best.count / 3) else { return nil }
        return best
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
