import Foundation
import SignalgapTestSupport
import Testing

@testable import SignalgapReport

/// Runs tools that nobody here wrote (cmark-gfm, python3, xmllint, rsvg-convert,
/// frictionless), found on PATH; a test that needs a missing one says so and passes.
enum Tool {
    static func path(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for folder in paths + ["/usr/local/bin", "/usr/bin"] {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the tool with the arguments, feeding `input` on standard input.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, in directory: URL? = nil) throws
        -> ProcessOutcome
    {
        try ExternalProcess.run(executable, arguments, input: input, in: directory)
    }

    /// The tool's path, or nil after recording why the check is skipped.
    static func require(_ name: String, package: String) -> String? {
        guard let path = path(name) else {
            print(
                "SKIPPED: \(name) is not installed (apt-get install -y \(package)); the check that needs it did not run."
            )
            return nil
        }
        return path
    }
}

/// A fresh temporary folder holding the report's files.
func writeReport(_ files: [ReportFile]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "signalgap-report-\(UUID().uuidString)", isDirectory: true)
    try ReportFile.write(files, to: folder.path)
    return folder
}

/// The golden files: `Golden/` next to this file, compared byte for byte; rewritten
/// only when SIGNALGAP_RECORD_GOLDEN=1.
enum Golden {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden", isDirectory: true)
    }

    static var isRecording: Bool { ProcessInfo.processInfo.environment["SIGNALGAP_RECORD_GOLDEN"] == "1" }

    /// Every golden file, relative path → contents (dot files left out).
    static func stored() throws -> [String: String] {
        var result: [String: String] = [:]
        let root = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
        for case let path as String in enumerator {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            let full = root + "/" + path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            result[path] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: full)), as: UTF8.self)
        }
        return result
    }

    /// Replaces the golden files with `files`.
    static func record(_ files: [ReportFile]) throws {
        for (path, _) in try stored() {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(path))
        }
        try ReportFile.write(files, to: folder.path)
    }
}
