import Foundation
import Testing

/// `etherkeep slashing-protection import|export|prune|status` on the embedded store (and on
/// PostgreSQL when `scripts/test` started one): all-or-nothing import with the entry named, the
/// chain remembered, exports that round-trip.
@Suite struct SlashingProtectionCLITests {
    static let hoodiRoot = "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f"
    static let pk = "0x" + String(repeating: "a5", count: 48)

    static func interchange(root: String = hoodiRoot, slot: String = "\"17\"") -> String {
        """
        {"metadata": {"interchange_format_version": "5", "genesis_validators_root": "\(root)"},
         "data": [{"pubkey": "\(pk)", "signed_blocks": [{"slot": \(slot)}],
                   "signed_attestations": [{"source_epoch": "4", "target_epoch": "5"}]}]}
        """
    }

    /// Store options: the embedded store in the runner's folder, or a PostgreSQL database.
    static func locations(_ cli: CLIRunner) -> [[String]] {
        var locations = [["--data-dir", cli.folder.path + "/home"]]
        if let url = ProcessInfo.processInfo.environment["ETHERKEEP_POSTGRES_URL"] {
            let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let components = URLComponents(string: url)
            process.arguments = ["psql", "-h", components?.host ?? "", "-p", "\(components?.port ?? 5432)", "-U", components?.user ?? "", "-d", "postgres", "-qc", "CREATE DATABASE \(name)"]
            try? process.run()
            process.waitUntilExit()
            locations.append(["--slashing-protection-db-url", url.replacingOccurrences(of: "/postgres?", with: "/\(name)?")])
        }
        return locations
    }

    /// Reading commands on a mistyped `--data-dir` fail and create nothing there.
    @Test func aMissingEmbeddedStoreIsAnErrorNotANewDatabase() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let typo = cli.folder.appendingPathComponent("typo").path
        for command in ["status", "export", "prune"] {
            var arguments = ["slashing-protection", command, "--data-dir", typo]
            if command == "export" { arguments += ["--to", cli.folder.appendingPathComponent("out.json").path] }
            if command == "prune" { arguments += ["--epochs-to-keep", "10"] }
            let result = try cli.run(arguments)
            #expect(result.status != 0 && result.stderr.contains("no slashing-protection database in \(typo)"), "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: typo))
    }

    @Test func importExportStatusPrune() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        for location in Self.locations(cli) {
            let file = cli.folder.appendingPathComponent("in.json")
            try Self.interchange().write(to: file, atomically: true, encoding: .utf8)
            // A new store without a chain is refused.
            let unnamed = try cli.run(["slashing-protection", "import", "--from", file.path] + location)
            #expect(unnamed.status == 1 && unnamed.stderr.contains("no chain yet"), "\(unnamed.stderr)")

            let imported = try cli.run(["slashing-protection", "import", "--from", file.path, "--network", "hoodi"] + location)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("imported 1 validators, 1 blocks, 1 attestations"))

            // Another chain: refused, naming both roots.
            let other = try cli.run(["slashing-protection", "status", "--network", "mainnet"] + location)
            #expect(other.status == 1 && other.stderr.contains("genesis_validators_root"), "\(other.stderr)")

            // A bad file (slot as a JSON number) changes nothing and names the entry.
            let bad = cli.folder.appendingPathComponent("bad.json")
            try Self.interchange(slot: "99").write(to: bad, atomically: true, encoding: .utf8)
            let refused = try cli.run(["slashing-protection", "import", "--from", bad.path] + location)
            #expect(refused.status == 1 && refused.stderr.contains("data[0].signed_blocks[0].slot"), "\(refused.stderr)")

            let status = try cli.run(["slashing-protection", "status", "--json"] + location)
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stdout.contains("\"highest_block_slot\":\"17\""), "\(status.stdout)")
            #expect(status.stdout.contains(Self.hoodiRoot))

            let out = cli.folder.appendingPathComponent("out.json").path
            let exported = try cli.run(["slashing-protection", "export", "--to", out, "--pubkey", Self.pk] + location)
            #expect(exported.status == 0, "\(exported.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            let data = try #require(json["data"] as? [[String: Any]])
            #expect((data.first?["signed_blocks"] as? [[String: String]])?.first?["slot"] == "17")

            let minimal = try cli.run(["slashing-protection", "export", "--to", out, "--minimal"] + location)
            #expect(minimal.status == 0, "\(minimal.stderr)")
            let pruned = try cli.run(["slashing-protection", "prune", "--epochs-to-keep", "1"] + location)
            #expect(pruned.status == 0 && pruned.stdout.contains("pruned 0 blocks and 0 attestations"), "\(pruned.stdout)\(pruned.stderr)")

            // The high watermark: none, set, shown, removed; --set without both values is refused.
            let watermark = ["slashing-protection", "high-watermark"]
            #expect(try cli.run(watermark + location).stdout.contains("no high watermark"))
            let set = try cli.run(watermark + ["--set", "--slot", "6400", "--epoch", "200"] + location)
            #expect(set.status == 0 && set.stdout.contains("high watermark: slot 6400, epoch 200"), "\(set.stdout)\(set.stderr)")
            #expect(try cli.run(watermark + location).stdout.contains("slot 6400, epoch 200"))
            let half = try cli.run(watermark + ["--set", "--slot", "1"] + location)
            #expect(half.status != 0 && half.stderr.contains("--set needs --slot and --epoch"), "\(half.stderr)")
            let removed = try cli.run(watermark + ["--remove"] + location)
            #expect(removed.status == 0 && removed.stdout.contains("no high watermark"), "\(removed.stdout)\(removed.stderr)")
        }
    }
}
