extension Measure {
    /// The phrase for one counted thing, used after "per" when naming a ratio:
    /// "people who travelled" → "person who travelled", "foreign fighters" →
    /// "foreign fighter", "countries of origin" → "country of origin".
    ///
    /// A phrase that starts with the unit's plural takes `Unit.singular`;
    /// otherwise the first plural-looking word is made singular.
    public var singularPhrase: String {
        var words = phrase.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !words.isEmpty else { return phrase }
        if words[0] == unit.rawValue {
            words[0] = unit.singular
            return words.joined(separator: " ")
        }
        for index in words.indices {
            let word = words[index]
            if word == "people" {
                words[index] = "person"
                return words.joined(separator: " ")
            }
            if word.count > 3, word.hasSuffix("ies") {
                words[index] = String(word.dropLast(3)) + "y"
                return words.joined(separator: " ")
            }
            if word.count > 2, word.hasSuffix("s"), !word.hasSuffix("ss") {
                words[index] = String(word.dropLast())
                return words.joined(separator: " ")
            }
        }
        return phrase
    }
}
