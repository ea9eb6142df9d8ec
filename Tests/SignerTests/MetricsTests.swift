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

    /// The slashing-protection store goes away under load: each protected request answers 503,
    /// and both its outcome (`unavailable`) and the store's error counter count up; they stop when
    /// the store is back.
    @Test func anUnavailableStoreIsCountedAsA5xxOutcomeAndAStoreError() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let store = SwitchableStore(try vault.store())
        let signer = try await RunningSigner.start(
            keys: try await vault.loadKeys(), store: store, metrics: SignerMetrics()
        ) { $0.metricsPort = 0 }
        let port = try #require(signer.metricsPort)
        func scrape() async throws -> [String: Double] {
            let scraped = try await HTTP.get("http://127.0.0.1:\(port)/metrics")
            #expect(scraped.status == 200)
            return try Self.samples(scraped.body)
        }
        let blockUnavailable = #"etherkeep_signer_requests_total{type="BLOCK_V2",outcome="unavailable"}"#
        let attestationUnavailable = #"etherkeep_signer_requests_total{type="ATTESTATION",outcome="unavailable"}"#
        let blockSigned = #"etherkeep_signer_requests_total{type="BLOCK_V2",outcome="signed"}"#
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]

        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 7)).status == 200)
        let up = try await scrape()
        #expect(up["etherkeep_slashing_protection_errors_total"] == 0 && up[blockSigned] == 1, "\(up)")
        #expect(up[blockUnavailable] == nil && up[attestationUnavailable] == nil)

        store.available = false
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 8)).status == 503)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 9)).status == 503)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 1, target: 2)).status == 503)
        let down = try await scrape()
        #expect(down["etherkeep_slashing_protection_errors_total"] == 3, "\(down)")
        #expect(down[blockUnavailable] == 2 && down[attestationUnavailable] == 1)
        #expect(down[blockSigned] == 1 && down["etherkeep_slashing_protection_duration_seconds_count"] == 4)

        store.available = true
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 8)).status == 200)
        let back = try await scrape()
        #expect(back["etherkeep_slashing_protection_errors_total"] == 3 && back[blockUnavailable] == 2 && back[blockSigned] == 2, "\(back)")
        await signer.stop()
    }
}
