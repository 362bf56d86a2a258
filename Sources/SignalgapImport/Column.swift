/// A standard column of a dataset resource. Rows are read by column index,
/// looked up once per file, never by name per row.
enum Column: Int, CaseIterable, CustomStringConvertible {
    case id
    case url
    case title
    case publisher
    case published
    case retrieved
    case status
    case notes
    case name
    case district
    case city
    case country
    case activeStart
    case activeStartPrecision
    case activeEnd
    case activeEndPrecision
    case affiliation
    case ties
    case catalyst
    case onlineRole
    case source
    case platform
    case scope
    case subject
    case measure
    case unit
    case start
    case startPrecision
    case `end`
    case endPrecision
    case kind
    case value
    case low
    case high
    case qualifier
    case supersedes

    /// The header name, as written in CSV files and error messages.
    var header: String {
        switch self {
        case .id: "id"
        case .url: "url"
        case .title: "title"
        case .publisher: "publisher"
        case .published: "published"
        case .retrieved: "retrieved"
        case .status: "status"
        case .notes: "notes"
        case .name: "name"
        case .district: "district"
        case .city: "city"
        case .country: "country"
        case .activeStart: "active_start"
        case .activeStartPrecision: "active_start_precision"
        case .activeEnd: "active_end"
        case .activeEndPrecision: "active_end_precision"
        case .affiliation: "affiliation"
        case .ties: "ties"
        case .catalyst: "catalyst"
        case .onlineRole: "online_role"
        case .source: "source"
        case .platform: "platform"
        case .scope: "scope"
        case .subject: "subject"
        case .measure: "measure"
        case .unit: "unit"
        case .start: "start"
        case .startPrecision: "start_precision"
        case .`end`: "end"
        case .endPrecision: "end_precision"
        case .kind: "kind"
        case .value: "value"
        case .low: "low"
        case .high: "high"
        case .qualifier: "qualifier"
        case .supersedes: "supersedes"
        }
    }

    var description: String { header }

    static let byHeader: [String: Column] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.header, $0) })
}
