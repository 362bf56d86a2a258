/// A reference held by one stored row that the store's final check found
/// broken: enough to find it again in the dataset's files.
public struct ReferenceSite: Equatable, Sendable {
    public var dataset: String
    /// The row's id (a cluster's id for a cluster's tie).
    public var id: String
    /// `takedown_counts`, `offline_figures`, `clusters` or `sources`.
    public var resource: String
    /// The line the row starts on in its file, when the store keeps it.
    public var line: Int?
    /// The column that holds the reference (`source`, `supersedes`, `subject`),
    /// or nil when it is not one column of the row's file.
    public var field: String?

    public init(dataset: String, id: String, resource: String, line: Int?, field: String?) {
        self.dataset = dataset
        self.id = id
        self.resource = resource
        self.line = line
        self.field = field
    }
}

/// A place in an input file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// One problem found in the input, printed as `path:line:column: error: message`
/// with an optional hint on the next line.
public struct Diagnostic: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String
    public var hint: String?

    public init(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = location.map { "\($0): error: " } ?? "error: "
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// The diagnostics of one run, collected up to a cap so that one bad file
/// does not flood the terminal, while every file still gets checked.
public struct DiagnosticList: Error, Equatable, Sendable, CustomStringConvertible {
    public static let defaultCap = 50

    public private(set) var diagnostics: [Diagnostic] = []
    /// How many problems were found beyond the cap (counted, not printed).
    public private(set) var suppressed = 0
    public let cap: Int

    public init(cap: Int = DiagnosticList.defaultCap) {
        self.cap = cap
    }

    public init(single diagnostic: Diagnostic) {
        self.init()
        append(diagnostic)
    }

    public var isEmpty: Bool { diagnostics.isEmpty }
    public var count: Int { diagnostics.count + suppressed }
    public var isFull: Bool { diagnostics.count >= cap }

    public mutating func append(_ diagnostic: Diagnostic) {
        if diagnostics.count < cap {
            diagnostics.append(diagnostic)
        } else {
            suppressed += 1
        }
    }

    public mutating func append(contentsOf other: DiagnosticList) {
        for diagnostic in other.diagnostics { append(diagnostic) }
        suppressed += other.suppressed
    }

    public var description: String {
        var lines = diagnostics.map(\.description)
        if suppressed > 0 {
            lines.append("note: \(suppressed) more error(s) not shown (the first \(cap) are listed)")
        }
        let total = count
        lines.append("\(total) error\(total == 1 ? "" : "s") found; nothing was written to the store")
        return lines.joined(separator: "\n")
    }
}
