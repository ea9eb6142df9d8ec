import Foundation
import Testing
import ValidatorKeys

/// ``StagedFileWriter``: every file or none, never over an existing file; and the deposit-cli names.
@Suite final class StagedFileWriterTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "etherkeep-staged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    private func listing(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func writesEveryFileReadOnlyAndLeavesNoStaging() throws {
        var writer = StagedFileWriter(folder: root.appending(path: "validator_keys"))
        writer.add("a.json", "{}")
        writer.add([("b.json", "[1]"), ("c.json", "ü")])
        let paths = try writer.commit()
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.json", "b.json", "c.json"])
        #expect(listing(writer.folder) == ["a.json", "b.json", "c.json"], "no staging folder left")
        #expect(try String(contentsOf: writer.folder.appending(path: "c.json"), encoding: .utf8) == "ü")
        let mode = try FileManager.default.attributesOfItem(atPath: paths[0])[.posixPermissions] as? Int
        #expect(mode == 0o400)
        var readable = StagedFileWriter(folder: root, mode: 0o644)
        readable.add("deposit.json", "[]")
        let written = try readable.commit()
        #expect(try FileManager.default.attributesOfItem(atPath: written[0])[.posixPermissions] as? Int == 0o644)
    }

    @Test func anExistingFileStopsEverythingAndAFolderItMadeGoes() throws {
        let folder = root.appending(path: "out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("old".utf8).write(to: folder.appending(path: "b.json"))
        var writer = StagedFileWriter(folder: folder)
        writer.add("a.json", "new")
        writer.add("b.json", "new")
        #expect(throws: ValidatorKeysError(.fileSystem, "")) { try writer.commit() }
        #expect(listing(folder) == ["b.json"], "nothing added, nothing left behind")
        #expect(try String(contentsOf: folder.appending(path: "b.json"), encoding: .utf8) == "old")

        // A target folder the writer made itself is removed again when it fails.
        var nested = StagedFileWriter(folder: root.appending(path: "fresh"))
        nested.add("x.json", "1")
        nested.add("x.json", "2")
        #expect(throws: ValidatorKeysError(.fileSystem, "")) { try nested.commit() }
        #expect(!FileManager.default.fileExists(atPath: nested.folder.path))
    }

    @Test(arguments: ["", ".", "..", "../escape.json", "a/b.json"])
    func namesThatAreNotPlainFileNamesAreRefused(name: String) {
        var writer = StagedFileWriter(folder: root.appending(path: "names"))
        writer.add(name, "x")
        #expect(throws: ValidatorKeysError(.fileSystem, "")) { try writer.commit() }
        #expect(listing(root).isEmpty)
    }

    @Test func aFileWhereTheFolderShouldBeIsRefused() throws {
        let file = root.appending(path: "taken")
        try Data().write(to: file)
        var writer = StagedFileWriter(folder: file)
        writer.add("a.json", "x")
        #expect(throws: ValidatorKeysError(.fileSystem, "")) { try writer.commit() }
    }

    @Test func theDepositCLINames() {
        #expect(DepositCLIFiles.keystoreFileName(path: "m/12381/3600/7/0/0", timestamp: 1700000000) == "keystore-m_12381_3600_7_0_0-1700000000.json")
        #expect(DepositCLIFiles.depositDataFileName(timestamp: 1) == "deposit_data-1.json")
        #expect(DepositCLIFiles.signedExitFileName(validatorIndex: 42, timestamp: 1) == "signed_exit_transaction-42-1.json")
        #expect(DepositCLIFiles.blsToExecutionChangeFileName(timestamp: 1) == "bls_to_execution_change-1.json")
        #expect([DepositCLIFiles.validatorKeysFolder, DepositCLIFiles.exitTransactionsFolder, DepositCLIFiles.partialDepositsFolder,
                 DepositCLIFiles.blsToExecutionChangesFolder] == ["validator_keys", "exit_transactions", "partial_deposits", "bls_to_execution_changes"])
    }
}
