import Foundation
import Testing

/// What one run of a program printed and returned.
public struct ProcessOutcome: CustomStringConvertible, Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs programs from the tests: the built `signalgap`, the `sqlite3` shell, and
/// tools nobody here wrote. Standard output and error go to temporary files, so
/// that neither is a terminal and neither pipe can fill up while the other is read.
public enum ExternalProcess {
    /// Runs `executable` with `arguments`, feeding `input` (or nothing) on standard
    /// input, in `directory` (or this process's folder), with `environment` (or this process's).
    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let files = FileManager.default.temporaryDirectory
        let outURL = files.appendingPathComponent("signalgap-stdout-\(UUID().uuidString)")
        let errURL = files.appendingPathComponent("signalgap-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let feed = input.map { _ in Pipe() }
        process.standardInput = feed ?? FileHandle.nullDevice
        try process.run()
        if let feed, let input {
            feed.fileHandleForWriting.write(Data(input.utf8))
            try feed.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessOutcome(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }
}

/// The `sqlite3` shell, to look at and tamper with store files from outside
/// (`.ci/run` installs it).
public enum SQLiteShell {
    @discardableResult
    public static func run(_ path: String, _ sql: String) throws -> ProcessOutcome {
        try ExternalProcess.run("/usr/bin/env", ["sqlite3", "-batch", path, sql])
    }

    /// The lines a query prints (`|` between columns); records an issue if it fails.
    public static func rows(_ path: String, _ sql: String) throws -> [String] {
        let result = try run(path, sql)
        #expect(result.status == 0, "sqlite3 failed (is the sqlite3 shell installed?): \(result.stderr)")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// `.dump` of the store: schema and every row of every table.
    public static func dump(_ path: String) throws -> String {
        let result = try run(path, ".dump")
        #expect(
            result.status == 0,
            "sqlite3 .dump failed (is the sqlite3 shell installed? .ci/run installs it): \(result.stderr)")
        return result.stdout
    }
}
