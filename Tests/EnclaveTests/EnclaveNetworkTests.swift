import Enclave
import Foundation
import Testing

@Suite struct EnclaveNetworkTests {
    @Test func kmsIsMappedToTheLoopbackOnce() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("127.0.0.1\tlocalhost".utf8).write(to: URL(fileURLWithPath: file))
        try EnclaveNetwork.mapToLoopback("kms.eu-west-1.amazonaws.com", hostsFile: file)
        try EnclaveNetwork.mapToLoopback("kms.eu-west-1.amazonaws.com", hostsFile: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == "127.0.0.1\tlocalhost\n127.0.0.1 kms.eu-west-1.amazonaws.com\n")
        // A missing file is created.
        let fresh = file + "-new"
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        try EnclaveNetwork.mapToLoopback("kms.us-east-1.amazonaws.com", hostsFile: fresh)
        #expect(try String(contentsOfFile: fresh, encoding: .utf8) == "127.0.0.1 kms.us-east-1.amazonaws.com\n")
    }

    /// Here lo is already up: reading its flags works and nothing is changed (no privilege needed).
    @Test func anUpLoopbackIsLeftAlone() throws {
        try EnclaveNetwork.bringUpLoopback()
    }
}
