import Foundation
import Testing

@testable import SignalgapReport

@Suite struct ReportWritingTests {
    func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signalgap-write-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func names(in folder: URL, _ sub: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path).sorted()
    }

    @Test func filesAreWrittenAndReplacedWholeLeavingNothingElse() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportFile.write(
            [ReportFile(path: "README.md", contents: "first"), ReportFile(path: "csv/a.csv", contents: "x\r\n")],
            to: folder.path)
        try ReportFile.write([ReportFile(path: "README.md", contents: "second, longer")], to: folder.path)
        #expect(try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8) == "second, longer")
        #expect(try String(contentsOf: folder.appendingPathComponent("csv/a.csv"), encoding: .utf8) == "x\r\n")
        #expect(try names(in: folder) == ["README.md", "csv"])
        #expect(try names(in: folder, "csv") == ["a.csv"])
    }

    @Test func aFolderWhereAFileShouldBeIsAnErrorThatNamesThePathAndLeavesNoTemporaryFile() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("README.md"), withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("README.md").path
        #expect(throws: ReportError.cannotWrite(path: target, reason: String(cString: strerror(EISDIR)))) {
            try ReportFile.write([ReportFile(path: "README.md", contents: "text")], to: folder.path)
        }
        #expect(try names(in: folder) == ["README.md"])
    }

    @Test func aPathOutsideTheFolderIsRefusedBeforeAnythingIsWritten() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ReportError.unsafePath("../escape.md")) {
            try ReportFile.write(
                [ReportFile(path: "README.md", contents: "text"), ReportFile(path: "../escape.md", contents: "text")],
                to: folder.path)
        }
        #expect(try names(in: folder).isEmpty)
    }

    @Test func twoFilesWithOnePathAreRefusedBeforeAnythingIsWritten() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ReportError.duplicatePath("csv/a.csv")) {
            try ReportFile.write(
                [
                    ReportFile(path: "csv/a.csv", contents: "one"), ReportFile(path: "README.md", contents: "text"),
                    ReportFile(path: "csv/a.csv", contents: "two"),
                ],
                to: folder.path)
        }
        #expect(try names(in: folder).isEmpty)
    }

    @Test func aFileThatCannotBeWrittenLeavesTheOthersWrittenAndIsNamed() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("quarters/2016Q1.md"), withIntermediateDirectories: true)
        let files = (1...4).map { ReportFile(path: "quarters/2016Q\($0).md", contents: "quarter \($0)") }
        let target = folder.appendingPathComponent("quarters/2016Q1.md").path
        #expect(throws: ReportError.cannotWrite(path: target, reason: String(cString: strerror(EISDIR)))) {
            try ReportFile.write(files, to: folder.path)
        }
        #expect(try names(in: folder, "quarters") == ["2016Q1.md", "2016Q2.md", "2016Q3.md", "2016Q4.md"])
        #expect(
            try String(contentsOf: folder.appendingPathComponent("quarters/2016Q4.md"), encoding: .utf8) == "quarter 4")
    }

    /// The command renders and writes at once: every file `make` returns is
    /// written with the same text, and nothing else.
    @Test func renderingIntoAWriterWritesWhatMakeReturns() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let request = ReportFixture.request()
        let writer = ReportFile.Writer(directory: folder.path)
        ReportGenerator.render(request, deliver: writer.write)
        let files = ReportGenerator.make(request)
        #expect(try writer.finish() == files.map(\.path))
        for file in files {
            #expect(
                try String(contentsOf: folder.appendingPathComponent(file.path), encoding: .utf8) == file.contents,
                "\(file.path)")
        }
        var written: [String] = []
        for sub in ["", "quarters", "csv", "charts"] {
            for name in try names(in: folder, sub) where !["quarters", "csv", "charts"].contains(name) || !sub.isEmpty {
                written.append(sub.isEmpty ? name : sub + "/" + name)
            }
        }
        #expect(written.sorted() == files.map(\.path))
    }

    /// A writer given files one by one keeps what it cannot write for the end:
    /// an unsafe path or one given twice is not written, the others are.
    @Test func aWriterWritesWhatItCanAndNamesTheFirstFailureByPath() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = ReportFile.Writer(directory: folder.path)
        writer.write(ReportFile(path: "csv/b.csv", contents: "one"))
        writer.write(ReportFile(path: "csv/b.csv", contents: "two"))
        writer.write(ReportFile(path: "/etc/escape.md", contents: "text"))
        writer.write(ReportFile(path: "README.md", contents: "text"))
        #expect(throws: ReportError.unsafePath("/etc/escape.md")) { try writer.finish() }
        #expect(try String(contentsOf: folder.appendingPathComponent("csv/b.csv"), encoding: .utf8) == "one")
        #expect(try names(in: folder) == ["README.md", "csv"])

        let second = ReportFile.Writer(directory: folder.path)
        second.write(ReportFile(path: "csv/b.csv", contents: "three"))
        second.write(ReportFile(path: "csv/b.csv", contents: "four"))
        #expect(throws: ReportError.duplicatePath("csv/b.csv")) { try second.finish() }
        #expect(try String(contentsOf: folder.appendingPathComponent("csv/b.csv"), encoding: .utf8) == "three")
    }

    /// Files handed over from several threads at once, more of them than the
    /// writer lets wait (a limit of 10 bytes: one or two files at a time),
    /// are all written, each whole; one larger than the limit goes alone.
    @Test func aWriterWithASmallQueueWritesEveryFile() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = ReportFile.Writer(directory: folder.path, queuedLimit: 10)
        let files =
            (0..<40).map { ReportFile(path: "quarters/q\($0).md", contents: "file \($0)") }
            + [ReportFile(path: "README.md", contents: String(repeating: "long ", count: 20))]
        _ = Concurrently.map(files.count) { writer.write(files[$0]) }
        #expect(try writer.finish() == files.map(\.path).sorted())
        for file in files {
            #expect(
                try String(contentsOf: folder.appendingPathComponent(file.path), encoding: .utf8) == file.contents)
        }
    }

    /// A folder that cannot be made (a file is where it should be) stops
    /// `write` before anything is written; a writer writes the other files and
    /// names the folder, trying it once.
    @Test func aFolderThatCannotBeMadeIsNamed() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a folder".utf8).write(to: folder.appendingPathComponent("csv"))
        let blocked = folder.appendingPathComponent("csv").path
        func namesTheFolder(_ error: any Error) -> Bool {
            guard case .cannotWrite(let path, _) = error as? ReportError else { return false }
            return path == blocked
        }
        #expect {
            try ReportFile.write(
                [ReportFile(path: "README.md", contents: "text"), ReportFile(path: "csv/a.csv", contents: "x")],
                to: folder.path)
        } throws: { namesTheFolder($0) }
        #expect(try names(in: folder) == ["csv"])

        let writer = ReportFile.Writer(directory: folder.path)
        for file in ["csv/a.csv", "README.md", "csv/b.csv"] { writer.write(ReportFile(path: file, contents: "x")) }
        #expect { try writer.finish() } throws: { namesTheFolder($0) }
        #expect(try names(in: folder) == ["README.md", "csv"])
    }
}
