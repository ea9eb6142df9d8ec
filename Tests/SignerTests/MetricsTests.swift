import Foundation
import Signer
import TestSupport
import Testing

/// `GET /metrics` on the metrics port: Prometheus text whose counters follow the requests made.
struct MetricsTests {
    /// `name{labels} value` lines of a Prometheus text exposition, comments skipped.
    static func samples(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { throw SignerTestFailure("not a Prometheus sample line: \(line)") }
            samples[String(parts[0])] = value
        }
        return samples
    }

    @Test func metricsCountEachOutcomeAndTimeSigning() async throws {
        let vault = try await TestVault(keys: 2)
        defer { vault.remove() }
        let signer = try await RunningSigner.start(
            keys: try await vault.loadKeys(), store: try vault.store(), metrics: SignerMetrics()
        ) { $0.metricsPort = 0 }
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 1, target: 2)).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 3, target: 4)).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 1, target: 2)).status == 412)
        #expect(try await HTTP.post("\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: Array("{".utf8)).status == 400)

        let port = try #require(signer.metricsPort)
        let scraped = try await HTTP.get("http://127.0.0.1:\(port)/metrics")
        #expect(scraped.status == 200 && scraped.contentType.hasPrefix("text/plain"))
        let samples = try Self.samples(scraped.body)
        #expect(samples[#"etherkeep_signer_requests_total{type="ATTESTATION",outcome="signed"}"#] == 2, "\(scraped.body)")
        #expect(samples[#"etherkeep_signer_requests_total{type="ATTESTATION",outcome="refused"}"#] == 1)
        #expect(samples[#"etherkeep_signer_requests_total{type="unknown",outcome="bad_request"}"#] == 1)
        #expect(samples[#"etherkeep_signer_signing_duration_seconds_count{type="ATTESTATION"}"#] == 2)
        #expect(samples["etherkeep_slashing_protection_duration_seconds_count"] == 3)
        #expect(samples["etherkeep_slashing_protection_errors_total"] == 0)
        #expect(samples["etherkeep_signer_keys_loaded"] == 2 && samples["etherkeep_signer_keys_failed"] == 0)
        // The signing API does not serve metrics.
        #expect(try await HTTP.get("\(signer.baseURL)/metrics").status == 404)
        await signer.stop()
    }
}
