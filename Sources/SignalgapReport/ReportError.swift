/// What can go wrong when writing a report's files.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file's path is absolute or climbs out of the output folder.
    case unsafePath(String)
    /// Two files have the same path.
    case duplicatePath(String)
    /// A folder or file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsafePath(let path): "report path \"\(path)\" is not inside the output folder"
        case .duplicatePath(let path): "report path \"\(path)\" is given to two files"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .unsafePath, .duplicatePath: nil
        case .cannotWrite: "check that the output folder exists and is writable, or choose another with --out"
        }
    }
}
