import SignalgapModel
import SignalgapStatistics

/// How numbers are written: with thousands separators and qualifier symbols
/// in tables ("> 125,000", "≥ 8", "≈ 90,000", "27,000–31,000", "< 2%"), in
/// words in prose ("more than 125,000"), and as raw digits in CSV.
///
/// Counts that are not whole (apportioned shares are held in ten-thousandths)
/// are shown as whole numbers: a lower bound rounded down, an upper bound
/// rounded up, a point value to the nearest, so that a printed bound is never
/// stronger than the computed one. CSV keeps every digit.
enum NumberText {
    // MARK: Amounts

    enum Rounding {
        case nearest, down, up
    }

    /// `1210357` → `1,210,357`; `83.64` → `83.64`; `-20` → `-20`.
    static func grouped(_ amount: Amount) -> String { amount.groupedDescription }

    /// The amount rounded to `digits` decimals (0…4) in the given direction.
    static func rounded(_ amount: Amount, digits: Int, _ rounding: Rounding) -> Amount {
        var step: Int64 = 1
        for _ in 0..<max(0, Amount.fractionDigits - min(digits, Amount.fractionDigits)) { step *= 10 }
        if step == 1 { return amount }
        let units = amount.units
        var quotient = units / step
        let remainder = units % step
        switch rounding {
        case .down:
            if remainder < 0 { quotient -= 1 }
        case .up:
            if remainder > 0 { quotient += 1 }
        case .nearest:
            if remainder * 2 >= step { quotient += 1 } else if remainder * 2 <= -step { quotient -= 1 }
        }
        return Amount(units: quotient * step)
    }

    /// Decimals shown for a unit: counts are whole, shares and rates keep up to two.
    static func digits(for unit: Unit) -> Int { unit.isCount ? 0 : 2 }

    /// A display number for one bound, with the unit's suffix ("%").
    static func amount(_ amount: Amount, unit: Unit, _ rounding: Rounding = .nearest) -> String {
        let text = grouped(rounded(amount, digits: digits(for: unit), rounding))
        let suffix = suffix(unit)
        return suffix.isEmpty ? text : text + suffix
    }

    static func suffix(_ unit: Unit) -> String { unit == .percent ? "%" : "" }

    /// Whether the amount loses digits when shown for its unit.
    static func isRounded(_ amount: Amount, unit: Unit) -> Bool {
        rounded(amount, digits: digits(for: unit), .nearest) != amount
    }

    // MARK: Estimates

    /// Table form: `1,210,357`, `> 125,000`, `≥ 8`, `≈ 90,000`, `≈ 90,000 (85,000–95,000)`,
    /// `27,000–31,000`, `< 2%`, `≤ 15`. A point value that had to be rounded is an `≈`.
    static func symbol(_ estimate: Estimate, unit: Unit) -> String {
        var bytes: [UInt8] = []
        appendSymbol(estimate, unit: unit, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `symbol(_:unit:)`, appended to UTF-8 bytes of the caller's.
    static func appendSymbol(_ estimate: Estimate, unit: Unit, to bytes: inout [UInt8]) {
        let digits = digits(for: unit)
        let suffix = suffix(unit)
        /// A bound as `amount(_:unit:_:)` writes it; `withSuffix: false` leaves out the "%".
        func put(_ value: Amount, _ rounding: Rounding, withSuffix: Bool = true) {
            let shown = rounded(value, digits: digits, rounding)
            DecimalText.append(
                negative: shown.units < 0, magnitude: shown.units.magnitude, fractionDigits: Amount.fractionDigits,
                groupingThousands: true, to: &bytes)
            if withSuffix { bytes += suffix.utf8 }
        }
        func unknown() { bytes += "unknown".utf8 }
        /// Whether a low and a high bound print the same.
        func printSame(_ low: Amount, _ high: Amount) -> Bool {
            rounded(low, digits: digits, .down) == rounded(high, digits: digits, .up)
        }
        switch estimate.qualifier {
        case .exact:
            guard let value = estimate.value ?? estimate.low else { return unknown() }
            if isRounded(value, unit: unit) { bytes += "≈ ".utf8 }
            put(value, .nearest)
        case .moreThan, .atLeast:
            guard let bound = estimate.low ?? estimate.value else { return unknown() }
            bytes += (estimate.qualifier == .moreThan ? "> " : "≥ ").utf8
            put(bound, .down)
        case .fewerThan, .atMost:
            guard let bound = estimate.high ?? estimate.value else { return unknown() }
            bytes += (estimate.qualifier == .fewerThan ? "< " : "≤ ").utf8
            put(bound, .up)
        case .about:
            guard let value = estimate.value ?? estimate.low else { return unknown() }
            bytes += "≈ ".utf8
            put(value, .nearest)
            if let lowBound = estimate.low, let highBound = estimate.high, !printSame(lowBound, highBound) {
                bytes += " (".utf8
                put(lowBound, .down)
                bytes += "–".utf8
                put(highBound, .up)
                bytes += ")".utf8
            }
        case .range:
            switch (estimate.low, estimate.high) {
            case (nil, nil):
                guard let value = estimate.value else { return unknown() }
                bytes += "unbounded (point value ".utf8
                put(value, .nearest)
                bytes += ")".utf8
            case (let lowBound?, nil):
                bytes += "≥ ".utf8
                put(lowBound, .down)
            case (nil, let highBound?):
                bytes += "≤ ".utf8
                put(highBound, .up)
            case (let lowBound?, let highBound?):
                if lowBound == highBound {
                    if isRounded(lowBound, unit: unit) { bytes += "≈ ".utf8 }
                    put(lowBound, .nearest)
                } else if printSame(lowBound, highBound) {
                    bytes += "≈ ".utf8
                    put(lowBound, .nearest)
                } else {
                    put(lowBound, .down, withSuffix: false)
                    bytes += "–".utf8
                    put(highBound, .up)
                }
            }
        }
    }

    /// Prose form: `1,210,357`, `more than 125,000`, `at least 8`, `about 90,000`,
    /// `27,000–31,000`, `less than 2%`, `fewer than 15`, `at most 15`.
    static func words(_ estimate: Estimate, unit: Unit) -> String {
        var text: [UInt8] = []
        appendSymbol(estimate, unit: unit, to: &text)
        for (symbol, word) in unit.isCount ? countWords : otherWords where text.starts(with: symbol.utf8) {
            return word + String(decoding: text[symbol.utf8.count...], as: UTF8.self)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The words for the symbols a table form begins with.
    private static let countWords = wordsForSymbols(fewer: "fewer than ")
    private static let otherWords = wordsForSymbols(fewer: "less than ")
    private static func wordsForSymbols(fewer: String) -> [(String, String)] {
        [("> ", "more than "), ("≥ ", "at least "), ("≤ ", "at most "), ("≈ ", "about "), ("< ", fewer)]
    }

    // MARK: Ratios

    /// Decimals for a ratio, from the size of its largest bound: three significant
    /// figures or so, never fewer than none.
    static func ratioDigits(_ ratio: RatioEstimate) -> Int {
        let largest = [ratio.low, ratio.value, ratio.high].compactMap { $0.map(abs) }.max() ?? 0
        if largest >= 100 { return 0 }
        if largest >= 10 { return 1 }
        if largest >= 1 { return 2 }
        return 3
    }

    /// A double rounded to `digits` decimals, grouped, trailing zeros trimmed.
    static func decimal(_ number: Double, digits: Int, _ rounding: Rounding = .nearest) -> String {
        fixed(number, digits: digits, rounding, groupingThousands: true) ?? "?"
    }

    /// Plain decimal text of a double rounded to `digits` decimals (0…9), trailing
    /// zeros trimmed, no exponent (thousands separated when asked); nil when it
    /// is not finite or too large.
    static func fixed(_ number: Double, digits: Int, _ rounding: Rounding = .nearest, groupingThousands: Bool = false)
        -> String?
    {
        guard let (units, digits) = scaled(number, digits: digits, rounding) else { return nil }
        return DecimalText.string(
            negative: units < 0, magnitude: units.magnitude, fractionDigits: digits,
            groupingThousands: groupingThousands)
    }

    /// Appends `fixed(number, digits:)` to bytes of the caller's; false (and
    /// nothing appended) when there is none.
    static func appendFixed(_ number: Double, digits: Int, to bytes: inout [UInt8]) -> Bool {
        guard let (units, digits) = scaled(number, digits: digits, .nearest) else { return false }
        DecimalText.append(negative: units < 0, magnitude: units.magnitude, fractionDigits: digits, to: &bytes)
        return true
    }

    /// A double rounded to `digits` decimals (clamped to 0…9) as a count of
    /// 10^-digits; nil when it is not finite or too large.
    private static func scaled(_ number: Double, digits: Int, _ rounding: Rounding) -> (units: Int64, digits: Int)? {
        guard number.isFinite else { return nil }
        let digits = min(max(digits, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = number * Double(scale)
        let whole: Double
        switch rounding {
        case .nearest: whole = scaled.rounded(.toNearestOrAwayFromZero)
        case .down: whole = scaled.rounded(.down)
        case .up: whole = scaled.rounded(.up)
        }
        guard abs(whole) < 9e18 else { return nil }
        return (Int64(whole), digits)
    }

    /// Table form of a ratio: `125,000`, `≥ 13.3`, `0.52–0.61`, `≈ 1.2`.
    static func symbol(_ ratio: RatioEstimate, scale: Double = 1, suffix: String = "") -> String {
        let scaled = ratio.scaled(by: scale)
        let digits = ratioDigits(scaled)
        func text(_ number: Double, _ rounding: Rounding) -> String {
            decimal(number, digits: digits, rounding) + suffix
        }
        switch (scaled.low, scaled.high) {
        case (let low?, nil):
            return (scaled.qualifier == .moreThan ? "> " : "≥ ") + text(low, .down)
        case (nil, let high?):
            return (scaled.qualifier == .fewerThan ? "< " : "≤ ") + text(high, .up)
        case (nil, nil):
            return scaled.value.map { "unbounded (point value \(text($0, .nearest)))" } ?? "unknown"
        case (let low?, let high?):
            let lowText = text(low, .down)
            let highText = text(high, .up)
            if low == high {
                let exact = text(low, .nearest)
                return scaled.qualifier == .exact && decimal(low, digits: 6) == decimal(low, digits: digits)
                    ? exact : "≈ " + exact
            }
            if lowText == highText { return "≈ " + text(scaled.value ?? low, .nearest) }
            return decimal(low, digits: digits, .down) + "–" + highText
        }
    }

    /// Prose form of a ratio.
    static func words(_ ratio: RatioEstimate, scale: Double = 1, suffix: String = "") -> String {
        let text = symbol(ratio, scale: scale, suffix: suffix)
        for (symbol, word) in [
            ("> ", "more than "), ("≥ ", "at least "), ("< ", "less than "), ("≤ ", "at most "), ("≈ ", "about "),
        ]
        where text.hasPrefix(symbol) {
            return word + text.dropFirst(symbol.count)
        }
        return text
    }

    /// A percentage change: `+12%`, `-20%`, `-25% to +5%`, `≥ +300%`.
    static func change(_ percent: RatioEstimate) -> String {
        let digits = 0
        func signed(_ number: Double, _ rounding: Rounding) -> String {
            let text = decimal(number, digits: digits, rounding)
            return (number > 0 && text != "0" ? "+" : "") + text + "%"
        }
        switch (percent.low, percent.high) {
        case (let low?, nil): return "≥ " + signed(low, .down)
        case (nil, let high?): return "≤ " + signed(high, .up)
        case (nil, nil): return percent.value.map { "unbounded (point value \(signed($0, .nearest)))" } ?? "unknown"
        case (let low?, let high?):
            let lowText = signed(low, .down)
            let highText = signed(high, .up)
            if lowText == highText || low == high {
                return (percent.qualifier == .exact ? "" : "≈ ") + signed(percent.value ?? low, .nearest)
            }
            return lowText + " to " + highText
        }
    }

    // MARK: CSV

    /// Raw digits, no separators: `52272.7272`, `-20`; empty when missing.
    static func raw(_ amount: Amount?) -> String { amount?.description ?? "" }

    /// A double with up to six decimals, no exponent, no separators; empty when missing.
    static func raw(_ number: Double?) -> String {
        guard let number else { return "" }
        return fixed(number, digits: abs(number) >= 1e9 ? 0 : 6) ?? ""
    }

    /// `1,234` for counts of things (clusters, figures).
    static func count(_ value: Int) -> String {
        var bytes: [UInt8] = []
        appendCount(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `count(_:)`, appended to UTF-8 bytes of the caller's.
    static func appendCount(_ value: Int, to bytes: inout [UInt8]) {
        DecimalText.append(
            negative: value < 0, magnitude: UInt64(value.magnitude), groupingThousands: true, to: &bytes)
    }
}
