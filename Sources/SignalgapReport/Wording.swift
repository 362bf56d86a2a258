import SignalgapModel
import SignalgapStatistics

/// Sentences about figures, generated from the data with their qualifiers kept:
/// "Twitter suspended more than 125,000 accounts between mid-2015 and 5 February 2016".
enum Wording {
    /// What a platform did, with the amount in place: "suspended more than 125,000 accounts".
    static func onlineAction(measure: String, amount: String) -> String {
        switch measure {
        case "accounts_suspended": "suspended \(amount) accounts"
        case "content_actioned": "actioned \(amount) pieces of content"
        case "items_referred": "referred \(amount) items"
        case "items_assessed": "assessed \(amount) items"
        case "government_requests": "received \(amount) government requests"
        case "accounts_named_in_requests": "received government requests naming \(amount) accounts"
        default: "reported \(amount) \(ReportContext.phrase(measure))"
        }
    }

    /// "more than 125,000 people who travelled", "74% share found by internal tools".
    static func amount(_ estimate: Estimate, unit: Unit) -> String {
        NumberText.words(estimate, unit: unit)
    }

    /// A figure as a sentence without the final stop.
    static func sentence(_ figure: CitedFigure, context: ReportContext) -> String {
        let amount = NumberText.words(figure.estimate, unit: figure.unit)
        let window = DateText.window(figure.window)
        switch figure.side {
        case .online:
            let who = ReportContext.platformName(figure.subject)
            if figure.unit.isCount {
                return "\(who) \(onlineAction(measure: figure.measure, amount: amount)) \(window)"
            }
            return "\(who): \(ReportContext.phrase(figure.measure)) \(amount), \(window)"
        case .offline:
            let subject = Markdown.text(context.subjectName(scope: figure.scope, subject: figure.subject))
            let phrase = ReportContext.phrase(figure.measure)
            let place = figure.scope == .world ? "worldwide" : "for \(subject)"
            if figure.unit.isCount { return "\(amount) \(phrase) \(place) \(window)" }
            return "\(phrase.prefix(1).uppercased() + phrase.dropFirst()) \(place): \(amount), \(window)"
        }
    }

    /// "By 31 December 2017 Twitter had suspended 1,210,357 accounts since August 2015".
    static func runningTotal(_ figure: CitedFigure, context: ReportContext) -> String {
        let amount = NumberText.words(figure.estimate, unit: figure.unit)
        let end = DateText.end(figure.window.end)
        let since = figure.window.start.map { " since " + DateText.start($0) } ?? ""
        let who = ReportContext.platformName(figure.subject)
        if figure.side == .online && figure.unit.isCount {
            return "By \(end) \(who) had \(onlineAction(measure: figure.measure, amount: amount))\(since)"
        }
        return sentence(figure, context: context)
    }

    /// Capitalises the first letter of a sentence.
    static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// "1 quarter", "3 quarters".
    static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(NumberText.count(count)) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }

    /// "2015Q3–2018Q4" or "2016Q1".
    static func span(_ from: Quarter, _ to: Quarter) -> String {
        from == to ? from.description : "\(from)–\(to)"
    }
}
