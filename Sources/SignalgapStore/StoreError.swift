import SignalgapModel

/// What can go wrong with the store itself (as opposed to the input).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file was written by a newer signalgap; it is left untouched.
    case newerSchema(path: String, unknownMigrations: [String])
    case cannotOpen(path: String, reason: String)
    case notAStore(path: String)
    case datasetNotFound(String)
    /// Other datasets still refer to rows of this one.
    case stillReferenced(dataset: String, by: [String])
    /// Another program changed the store while it was being read.
    case changedWhileReading(path: String)
    case sqlite(String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let unknown):
            return "\(path): error: the store was written by a newer signalgap (unknown schema migrations: "
                + unknown.joined(separator: ", ") + "); it was left untouched\n"
                + "  hint: upgrade signalgap, or point --store at another file"
        case .cannotOpen(let path, let reason):
            return "\(path): error: cannot open the store: \(reason)"
        case .notAStore(let path):
            return "\(path): error: this SQLite file is not a signalgap store (it has tables but no signalgap schema)\n"
                + "  hint: point --store at a new file or an existing store"
        case .datasetNotFound(let name):
            return
                "error: the store holds no dataset named \"\(name)\"\n  hint: `signalgap list datasets` shows what it holds"
        case .stillReferenced(let dataset, let others):
            return "error: cannot remove \"\(dataset)\": " + others.joined(separator: ", ")
                + (others.count == 1 ? " still refers" : " still refer") + " to its rows\n"
                + "  hint: remove " + others.joined(separator: " and ")
                + " first, or import them without those references"
        case .changedWhileReading(let path):
            return "\(path): error: the store changed while it was being read (another signalgap import or remove?)\n"
                + "  hint: run the command again once the other one has finished"
        case .sqlite(let message):
            return "error: store: \(message)"
        }
    }
}
